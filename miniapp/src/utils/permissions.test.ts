import { describe, expect, it } from 'vitest'
import { phoneRefusalMessage, refusalOf } from './permissions'

describe('refusalOf', () => {
  it.each([
    ['chooseImage:fail cancel', 'cancel'],
    ['chooseMedia:fail cancel', 'cancel'],
    ['chooseImage:fail auth deny', 'denied'],
    ['chooseImage:fail auth denied', 'denied'],
    ['authorize:fail auth deny', 'denied'],
    ['getPhoneNumber:fail user deny', 'denied'],
    ['chooseImage:fail system permission denied', 'denied'],
    ['getPhoneNumber:fail privacy permission is not authorized', 'privacy'],
    ['setClipboardData:fail privacy permission is not authorized', 'privacy'],
    ['setClipboardData:fail api scope is not declared in the privacy agreement', 'other'],
    ['chooseImage:fail internal error', 'other'],
    [undefined, 'other'],
  ])('%s → %s', (errMsg, kind) => {
    expect(refusalOf(errMsg)).toBe(kind)
  })
})

describe('phoneRefusalMessage', () => {
  it('always offers typing the phone instead', () => {
    for (const m of ['getPhoneNumber:fail user deny', 'getPhoneNumber:fail privacy permission is not authorized', 'getPhoneNumber:fail no permission', undefined]) {
      expect(phoneRefusalMessage(m)).toMatch(/手机号。?$/)
    }
  })
})
