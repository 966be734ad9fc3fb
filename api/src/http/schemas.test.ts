import { describe, expect, it } from 'vitest'
import { idParams, IdParam, PageQuery } from './schemas.ts'

describe('path id parameters', () => {
  it.each(['0', '-3', '1.5', 'abc', ''])('refuse %j, naming the parameter', (raw) => {
    const r = idParams('id', 'oid').safeParse({ id: '7', oid: raw })
    expect(r.success).toBe(false)
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['oid', 'oid 必须是正整数']])
  })

  it('coerce the path strings to numbers and refuse parameters the route does not declare', () => {
    expect(idParams('id', 'roundId').parse({ id: '12', roundId: '3' })).toEqual({ id: 12, roundId: 3 })
    expect(IdParam.safeParse({ id: '1', extra: '2' }).success).toBe(false)
  })
})

describe('PageQuery', () => {
  it('defaults to 20 and keeps the limit within 1–100', () => {
    expect(PageQuery.parse({})).toEqual({ limit: 20 })
    expect(PageQuery.safeParse({ limit: '101' }).success).toBe(false)
    expect(PageQuery.safeParse({ limit: '0' }).success).toBe(false)
    expect(PageQuery.safeParse({ cursor: 'x'.repeat(65) }).success).toBe(false)
  })
})
