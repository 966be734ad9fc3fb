import { describe, expect, it } from 'vitest'
import { idCheckChar, idNumberError, normaliseIdNumber, phoneError, realNameError } from './validators'

/** An ID number with the given first 17 digits and its correct check character. */
const withCheck = (first17: string) => first17 + idCheckChar(first17)
const TODAY = new Date('2026-11-22T00:00:00Z')

describe('idNumberError (GB 11643)', () => {
  it('accepts the reference number 11010519491231002X', () => {
    expect(idNumberError('11010519491231002X', TODAY)).toBeNull()
  })

  it('accepts a lowercase x and normalises it to X', () => {
    expect(idNumberError('11010519491231002x', TODAY)).toBeNull()
    expect(normaliseIdNumber(' 11010519491231002x ')).toBe('11010519491231002X')
  })

  it('rejects a wrong check character', () => {
    expect(idNumberError('110105194912310021', TODAY)).toBe('身份证号校验位不正确，请核对')
    expect(idNumberError('110105194912310020', TODAY)).toBe('身份证号校验位不正确，请核对')
  })

  it('rejects a birth date that does not exist (Feb 30), even with a correct check character', () => {
    const feb30 = withCheck('11010519900230123')
    expect(idNumberError(feb30, TODAY)).toBe('身份证号中的出生日期无效')
    expect(idNumberError(withCheck('11010519900229123'), TODAY)).toBe('身份证号中的出生日期无效') // 1990 is not a leap year
    expect(idNumberError(withCheck('11010520000229123'), TODAY)).toBeNull() // 2000 is
  })

  it('rejects a birth date in the future', () => {
    expect(idNumberError(withCheck('11010520261123123'), TODAY)).toBe('身份证号中的出生日期无效')
    expect(idNumberError(withCheck('11010520261122123'), TODAY)).toBeNull()
  })

  it('rejects wrong lengths and characters', () => {
    expect(idNumberError('', TODAY)).toBe('请输入身份证号')
    expect(idNumberError('11010519491231002', TODAY)).toMatch(/18位/)
    expect(idNumberError('1101051949123100XX', TODAY)).toMatch(/18位/)
    expect(idNumberError('11010519491231002Y', TODAY)).toMatch(/18位/)
  })

  it('computes check characters by the MOD 11-2 weights', () => {
    expect(idCheckChar('11010519491231002')).toBe('X')
    expect(idCheckChar('44052418800101001')).toBe('4')
  })
})

describe('phoneError', () => {
  it('accepts 11-digit mainland mobiles 13x–19x', () => {
    for (const p of ['13812341234', '19912345678', '15000000000']) expect(phoneError(p)).toBeNull()
  })

  it('rejects other numbers', () => {
    for (const p of ['12812341234', '1381234123', '138123412345', '+8613812341234', '1381234123a']) {
      expect(phoneError(p)).toBe('请输入11位大陆手机号')
    }
    expect(phoneError('')).toBe('请输入手机号')
  })
})

describe('realNameError', () => {
  it('follows the API rule', () => {
    expect(realNameError('张三')).toBeNull()
    expect(realNameError('买买提·艾力')).toBeNull()
    expect(realNameError('张')).toBe('姓名至少2个字')
    expect(realNameError('张三1')).toMatch(/只能包含/)
  })
})
