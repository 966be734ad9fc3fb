import Taro from '@tarojs/taro'
import { describe, expect, it, vi } from 'vitest'
import { isElderModeOn, resetElderModeCache, setElderMode } from '../stores/elder'
import { parsePreference, resolveElderMode } from './elder'

describe('resolveElderMode', () => {
  it('follows WeChat: on only when the font size is above the standard 16/17', () => {
    expect(resolveElderMode(null, 16)).toBe(false)
    expect(resolveElderMode(null, 17)).toBe(false)
    expect(resolveElderMode(null, 18)).toBe(true)
    expect(resolveElderMode(null, 20)).toBe(true)
    expect(resolveElderMode(null, null)).toBe(false)
    expect(resolveElderMode(null, undefined)).toBe(false)
  })

  it('an explicit choice wins over the font size', () => {
    expect(resolveElderMode('off', 20)).toBe(false)
    expect(resolveElderMode('on', 16)).toBe(true)
  })

  it('ignores garbage in storage', () => {
    expect(parsePreference('on')).toBe('on')
    expect(parsePreference('off')).toBe('off')
    expect(parsePreference('')).toBeNull()
    expect(parsePreference(true)).toBeNull()
  })
})

describe('elder-mode store', () => {
  it('in weapp turns on by itself when WeChat font size is enlarged', () => {
    process.env.TARO_ENV = 'weapp'
    vi.mocked(Taro.getAppBaseInfo).mockReturnValue({ fontSizeSetting: 20 } as never)
    expect(isElderModeOn()).toBe(true)
  })

  it('stays off at the standard size and in H5', () => {
    process.env.TARO_ENV = 'weapp'
    expect(isElderModeOn()).toBe(false)
    resetElderModeCache()
    process.env.TARO_ENV = 'h5'
    vi.mocked(Taro.getAppBaseInfo).mockReturnValue({ fontSizeSetting: 20 } as never)
    expect(isElderModeOn()).toBe(false)
  })

  it('remembers an explicit off across launches even with a large font', () => {
    process.env.TARO_ENV = 'weapp'
    vi.mocked(Taro.getAppBaseInfo).mockReturnValue({ fontSizeSetting: 22 } as never)
    setElderMode(false)
    expect(Taro.getStorageSync('llt.elderMode')).toBe('off')
    resetElderModeCache() // a new launch reads storage again
    expect(isElderModeOn()).toBe(false)
    setElderMode(true)
    resetElderModeCache()
    expect(isElderModeOn()).toBe(true)
  })
})

describe('elder-mode store on older WeChat clients', () => {
  it('falls back to getSystemInfoSync when getAppBaseInfo has no font size', () => {
    process.env.TARO_ENV = 'weapp'
    vi.mocked(Taro.getAppBaseInfo).mockReturnValue({} as never)
    vi.mocked(Taro.getSystemInfoSync).mockReturnValue({ fontSizeSetting: 19 } as never)
    expect(isElderModeOn()).toBe(true)
  })
})
