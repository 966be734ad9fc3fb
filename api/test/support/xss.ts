import { expect } from 'vitest'

/** What a plain-text field must come back as: exactly this string, never markup. */
export const PLAIN_PAYLOAD = '<img src=x onerror=alert(1)><script>alert(1)</script>'

/** The answer is JSON that no browser will sniff into HTML or run. */
export function inert(r: { headers: Headers }) {
  expect(r.headers.get('content-type')).toMatch(/^application\/json/)
  expect(r.headers.get('x-content-type-options')).toBe('nosniff')
  expect(r.headers.get('content-security-policy')).toMatch(/default-src 'none'/)
}
