import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

/**
 * Unit tests of the mini-program in jsdom. `@tarojs/taro` and `@tarojs/components` are replaced
 * by small mocks (test/mocks): the code under test is ours, not Taro's. Only files under src/
 * and test/ of this workspace are collected — never e2e/ or api/.
 */
export default defineConfig({
  root: here('.'),
  resolve: {
    alias: [
      { find: /^@tarojs\/taro$/, replacement: here('./test/mocks/taro.ts') },
      { find: /^@tarojs\/components$/, replacement: here('./test/mocks/components.tsx') },
    ],
  },
  esbuild: { jsx: 'automatic' },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    setupFiles: ['./test/setup.ts'],
    restoreMocks: false,
  },
})
