import { describe, expect, it } from 'vitest'
import { keepSerialised, serialisedOf } from './serialised.ts'

describe('keepSerialised', () => {
  it('serialises a marked value once and hands back the same bytes and ETag', () => {
    const page = keepSerialised({ data: [{ id: 1, title: '停水通知' }], page: { nextCursor: null } })
    const first = serialisedOf(page)!
    expect(JSON.parse(first.json.toString('utf8'))).toEqual(page)
    expect(first.etag).toMatch(/^"[\w-]{27}"$/)
    expect(serialisedOf(page)).toBe(first)
  })

  it('leaves unmarked values, primitives and null alone', () => {
    expect(serialisedOf({ data: [] })).toBeUndefined()
    expect(serialisedOf('text')).toBeUndefined()
    expect(serialisedOf(null)).toBeUndefined()
  })

  it('gives different content different ETags', () => {
    const a = serialisedOf(keepSerialised({ data: [1] }))!
    const b = serialisedOf(keepSerialised({ data: [2] }))!
    expect(a.etag).not.toBe(b.etag)
  })
})
