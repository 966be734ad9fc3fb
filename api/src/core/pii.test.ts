import { describe, expect, it } from 'vitest'
import { ageOn, idCheckChar, isMobile, maskIdNumber, maskName, maskPhone, parseIdNumber } from './pii.ts'

const today = new Date('2026-11-22T00:00:00Z')

describe('parseIdNumber', () => {
  it('accepts a valid ID with an X check character and reads birth date and gender', () => {
    const r = parseIdNumber('11010519491231002X', today)
    expect(r).toEqual({ ok: true, value: { idNumber: '11010519491231002X', birthDate: new Date('1949-12-31T00:00:00Z'), gender: 'female' } })
  })

  it('accepts a lowercase x and normalises it', () => {
    const r = parseIdNumber(' 11010519491231002x ', today)
    expect(r.ok && r.value.idNumber).toBe('11010519491231002X')
  })

  it('reads an odd 17th digit as male', () => {
    const first17 = '32010219850505011'
    const r = parseIdNumber(first17 + idCheckChar(first17), today)
    expect(r.ok && r.value.gender).toBe('male')
  })

  const withCheck = (first17: string) => first17 + idCheckChar(first17)
  it.each([
    ['a wrong check character', '110105194912310021', '校验位'],
    ['17 characters', '11010519491231002', '18位'],
    ['letters inside', '1101051949123100AX', '18位'],
    ['Feb 30', withCheck('11010519990230000'), '出生日期'],
    ['a future birth date', withCheck('11010520271231000'), '出生日期'],
    ['a year before 1900', withCheck('11010518991231000'), '出生日期'],
  ])('rejects %s', (_label, id, reason) => {
    const r = parseIdNumber(id, today)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.reason).toContain(reason)
  })
})

describe('isMobile', () => {
  it.each(['13812341234', '19912345678', '16612345678'])('accepts %s', (p) => expect(isMobile(p)).toBe(true))
  it.each(['12812341234', '1381234123', '138123412345', '+8613812341234', '1381234123a'])('rejects %s', (p) =>
    expect(isMobile(p)).toBe(false))
})

describe('masking', () => {
  it('masks phones as 138****1234', () => expect(maskPhone('13812341234')).toBe('138****1234'))
  it('masks ID numbers as 110105********002X', () => expect(maskIdNumber('11010519491231002X')).toBe('110105********002X'))
  it.each([
    ['张三', '张*'],
    ['王小明', '王*明'],
    ['欧阳娜娜', '欧**娜'],
    ['李', '李'],
  ])('masks the name %s as %s', (name, masked) => expect(maskName(name)).toBe(masked))
  it('never leaves a short value readable', () => {
    expect(maskPhone('123')).toBe('***')
    expect(maskIdNumber('12345')).toBe('*****')
  })
})

describe('ageOn', () => {
  it('counts whole years, turning on the birthday', () => {
    expect(ageOn(new Date('2008-11-22T00:00:00Z'), today)).toBe(18)
    expect(ageOn(new Date('2008-11-23T00:00:00Z'), today)).toBe(17)
  })
})
