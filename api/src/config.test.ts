import { describe, expect, it } from 'vitest'
import { isDevLoginAllowed, loadConfig } from './config.ts'

const base = {
  DATABASE_URL: 'mysql://root@127.0.0.1:3306/x',
  JWT_SECRET: 'x'.repeat(32),
  DATA_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
  DATA_HMAC_KEY: Buffer.alloc(32).toString('base64'),
}

describe('loadConfig', () => {
  it('names every invalid variable', () => {
    expect(() => loadConfig({ ...base, JWT_SECRET: 'short', DATA_HMAC_KEY: 'abc' })).toThrow(/JWT_SECRET[\s\S]*DATA_HMAC_KEY|DATA_HMAC_KEY[\s\S]*JWT_SECRET/)
  })
  it('treats empty WeChat settings as unset', () => {
    expect(loadConfig({ ...base, WECHAT_APPID: ' ' }).wechat.appid).toBeUndefined()
  })
})

describe('isDevLoginAllowed', () => {
  it.each([
    [{ NODE_ENV: 'development' }, true],
    [{ NODE_ENV: 'test' }, true],
    [{ NODE_ENV: 'production' }, false],
    [{ NODE_ENV: 'development', WECHAT_APPID: 'wx1', WECHAT_SECRET: 's' }, false],
    [{ NODE_ENV: 'development', WECHAT_APPID: 'wx1' }, false],
  ])('%o → %s', (env, allowed) => {
    expect(isDevLoginAllowed(loadConfig({ ...base, ...env }))).toBe(allowed)
  })
})
