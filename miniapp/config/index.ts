import { defineConfig, type UserConfigExport, type UserConfigFn } from '@tarojs/cli'
import path from 'node:path'
import devConfig from './dev'
import prodConfig from './prod'
import { PreloadFirstPage } from './preload-first-page'

/**
 * Taro build configuration, written by hand (`taro init` needs the network).
 * One source tree, two targets: `dist/weapp` for WeChat, `dist/h5` for the portal the API serves.
 */
/** The part of webpack-chain the H5 tweaks use. */
type H5Chain = {
  resolve: { alias: { set(key: string, value: string): unknown } }
  performance: { hints(value: false): unknown }
  plugin(name: string): { use(plugin: unknown, args: unknown[]): unknown }
  optimization: { get(key: 'splitChunks'): SplitChunks; splitChunks(value: SplitChunks): unknown }
}
type SplitChunks = { cacheGroups?: Record<string, unknown> } & Record<string, unknown>

/** The repo's shared/ folder: plain TypeScript both the API and the mini-program import. */
const sharedDir = path.resolve(__dirname, '../../shared')

const config: UserConfigFn<'webpack5'> = async (merge) => {
  const platform = process.env.TARO_ENV ?? 'weapp'
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'linlitong-miniapp',
    date: '2026-11-22',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${platform}`,
    plugins: [],
    env: {
      // The API origin the WeChat build talks to (H5 always uses its own origin).
      TARO_APP_API_BASE: JSON.stringify(process.env.TARO_APP_API_BASE || 'http://127.0.0.1:3000'),
    },
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: {
      // Persistent webpack cache; set TARO_CACHE=0 for a cold build.
      enable: process.env.TARO_CACHE !== '0',
      name: `${platform}-${process.env.NODE_ENV ?? 'production'}`,
    },
    mini: {
      // shared/ (the rules the API applies too) sits outside src/: compile it like our own code.
      compile: { include: [sharedDir] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      publicPath: '/',
      compile: { include: [sharedDir] },
      webpackChain(chain: H5Chain) {
        // npm nests a second copy of the router under @tarojs/taro-h5; two copies means two
        // histories and navigation that silently breaks. Everything uses this workspace's copy.
        chain.resolve.alias.set('@tarojs/router', path.dirname(require.resolve('@tarojs/router/package.json')))
        // The portal is served from the intranet; webpack's 244 KiB web-performance hint is noise here.
        chain.performance.hints(false)
        // A fresh visitor's first page (首页) downloads with the app, not one round trip later.
        chain.plugin('preloadFirstPage').use(PreloadFirstPage, ['pages/index/index'])
        // Taro splits only the initial chunks, so every lazily loaded page carried its own copy of
        // the Taro components, H5 APIs and our shared components (~110 KB of each page's
        // 120–360 KB). Modules at least 20 of the ~55 pages use go into one chunk, downloaded once;
        // 首页 uses almost all of them, so its first load stays the same size. Rarer ones stay
        // in the pages (a lower threshold would make 首页 download code only other pages need).
        const split = chain.optimization.get('splitChunks')
        chain.optimization.splitChunks({
          ...split,
          cacheGroups: {
            ...split.cacheGroups,
            pageCommon: { name: 'page-common', chunks: 'async', minChunks: 20, priority: 20, reuseExistingChunk: true },
          },
        })
      },
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  }
  const overrides = process.env.NODE_ENV === 'development' ? devConfig : prodConfig
  return merge({}, baseConfig, overrides) as typeof baseConfig
}

export default defineConfig<'webpack5'>(config)
