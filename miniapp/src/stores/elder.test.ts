import Taro from '@tarojs/taro'
import { describe, expect, it, vi } from 'vitest'
import { ELDER_ROOT_CLASS, isElderModeOn, resetElderModeCache, setElderMode } from './elder'

/** Whether <html> carries the class app.css enlarges the H5 tab bar under. */
const marked = () => document.documentElement.classList.contains(ELDER_ROOT_CLASS)

describe('关怀模式 on <html> (the H5 tab bar lives outside the page element)', () => {
  it('in H5 the switch puts the class on <html> and takes it off again', () => {
    expect(isElderModeOn()).toBe(false)
    expect(marked()).toBe(false)
    setElderMode(true)
    expect(marked()).toBe(true)
    setElderMode(false)
    expect(marked()).toBe(false)
  })

  it('in H5 a remembered choice marks <html> at launch, with the first read', () => {
    Taro.setStorageSync('llt.elderMode', 'on')
    resetElderModeCache() // a new launch
    expect(marked()).toBe(false)
    expect(isElderModeOn()).toBe(true)
    expect(marked()).toBe(true)

    Taro.setStorageSync('llt.elderMode', 'off')
    resetElderModeCache()
    expect(isElderModeOn()).toBe(false)
    expect(marked()).toBe(false)
  })

  it('in weapp leaves the document alone (WeChat\'s native tab bar cannot be resized)', () => {
    process.env.TARO_ENV = 'weapp'
    vi.mocked(Taro.getAppBaseInfo).mockReturnValue({ fontSizeSetting: 22 } as never)
    expect(isElderModeOn()).toBe(true)
    expect(marked()).toBe(false)
    setElderMode(true)
    expect(marked()).toBe(false)
  })
})
