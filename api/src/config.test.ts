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
    [{ NODE_ENV: 'development' }, false],
    [{ NODE_ENV: 'test' }, false],
    [{ NODE_ENV: 'development', DEV_LOGIN: 'true' }, true],
    [{ NODE_ENV: 'test', DEV_LOGIN: '1' }, true],
    [{ NODE_ENV: 'development', DEV_LOGIN: 'false' }, false],
    [{ NODE_ENV: 'production', DEV_LOGIN: 'true' }, false],
    [{ NODE_ENV: 'production' }, false],
    [{ NODE_ENV: 'development', DEV_LOGIN: 'true', WECHAT_APPID: 'wx1', WECHAT_SECRET: 's' }, false],
    [{ NODE_ENV: 'development', DEV_LOGIN: 'true', WECHAT_APPID: 'wx1' }, false],
  ])('%o → %s', (env, allowed) => {
    expect(isDevLoginAllowed(loadConfig({ ...base, ...env }))).toBe(allowed)
  })
})

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, 0], ['false', 0], ['0', 0], ['true', 1], ['1', 1], ['2', 2],
  ])('%s → %i trusted hops', (v, hops) => {
    expect(loadConfig({ ...base, ...(v === undefined ? {} : { TRUST_PROXY: v }) }).trustProxyHops).toBe(hops)
  })
  it('refuses anything else', () => {
    expect(() => loadConfig({ ...base, TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/)
  })
})

describe('DATA_ENCRYPTION_OLD_KEYS', () => {
  it('reads earlier keys by id and refuses malformed entries', () => {
    const k = Buffer.alloc(32, 4).toString('base64')
    const c = loadConfig({ ...base, DATA_ENCRYPTION_KEY_ID: '2', DATA_ENCRYPTION_OLD_KEYS: `1:${k}` })
    expect(c.dataEncryptionKeyId).toBe(2)
    expect([...c.dataEncryptionOldKeys.keys()]).toEqual([1])
    expect(() => loadConfig({ ...base, DATA_ENCRYPTION_OLD_KEYS: 'x:abc' })).toThrow(/DATA_ENCRYPTION_OLD_KEYS/)
  })
})
