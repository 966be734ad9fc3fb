import { describe, expect, it } from 'vitest'
import { fileUrl, signedFileUrl, verifyFileToken } from './fileUrls.ts'

const config = { jwtSecret: 'test-jwt-secret-0123456789abcdefghijklmnop', fileUrlTtlSeconds: 3600 }
const KEY = '3f2a9c0d4e5b6a7f8091a2b3c4d5e6f7.jpg'
const now = new Date('2026-11-29T10:00:00Z')
const tokenOf = (url: string) => new URL(url, 'http://x').searchParams.get('t') ?? undefined

describe('signed file URLs', () => {
  it('sign one key for the configured lifetime', () => {
    const url = signedFileUrl(config, KEY, now)
    expect(url).toMatch(new RegExp(`^${fileUrl(KEY)}\\?t=${now.getTime() / 1000 + 3600}\\.[\\w-]{22}$`))
    const t = tokenOf(url)
    expect(verifyFileToken(config, KEY, t, new Date(now.getTime() + 3599_000))).toBe(true)
    expect(verifyFileToken(config, KEY, t, new Date(now.getTime() + 3600_000))).toBe(false)
  })

  it('refuse another key, a moved expiry, another secret and malformed tokens', () => {
    const t = tokenOf(signedFileUrl(config, KEY, now))!
    const [expiry, sig] = t.split('.')
    expect(verifyFileToken(config, `a${KEY.slice(1)}`, t, now)).toBe(false)
    expect(verifyFileToken(config, KEY, `${Number(expiry) + 60}.${sig}`, now)).toBe(false)
    expect(verifyFileToken({ ...config, jwtSecret: `${config.jwtSecret}!` }, KEY, t, now)).toBe(false)
    for (const bad of [undefined, '', expiry, `${expiry}.`, `${expiry}.${sig}x`, `-1.${sig}`, `${expiry}.${sig.replace(/./, '+')}`]) {
      expect(verifyFileToken(config, KEY, bad, now)).toBe(false)
    }
  })
})
