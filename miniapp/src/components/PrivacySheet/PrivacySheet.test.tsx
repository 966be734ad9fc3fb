import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { resetPrivacyGate, startPrivacyGate } from '../../stores/privacy'
import PageShell from '../PageShell'

type Listener = (resolve: (o: object) => void, info: { referrer: string }) => void
/** WeChat holding a privacy-protected call: runs the listener the app registered; returns its resolve spy. */
function wechatAsks(referrer: string) {
  const listener = vi.mocked(Taro.onNeedPrivacyAuthorization).mock.calls[0][0] as Listener
  const resolve = vi.fn()
  act(() => listener(resolve, { referrer }))
  return resolve
}

beforeEach(() => {
  resetPrivacyGate()
  process.env.TARO_ENV = 'weapp'
  startPrivacyGate()
})

describe('the WeChat privacy sheet', () => {
  it('registers one listener, in WeChat only', () => {
    startPrivacyGate()
    expect(Taro.onNeedPrivacyAuthorization).toHaveBeenCalledTimes(1)
    resetPrivacyGate()
    vi.mocked(Taro.onNeedPrivacyAuthorization).mockClear()
    process.env.TARO_ENV = 'h5'
    startPrivacyGate()
    expect(Taro.onNeedPrivacyAuthorization).not.toHaveBeenCalled()
  })

  it('appears on the page when WeChat asks, says what for, names the guide and opens it', () => {
    render(<PageShell>页面</PageShell>)
    expect(document.getElementById('privacy-sheet')).toBeNull()
    const resolve = wechatAsks('button.getPhoneNumber')
    expect(screen.getByRole('dialog').textContent).toContain('手机号（用于实名登记')
    expect(screen.getByText('《邻里通小程序隐私保护指引》')).toBeTruthy()
    expect(resolve).toHaveBeenCalledWith({ event: 'exposureAuthorization' })
    fireEvent.click(screen.getByRole('link'))
    expect(Taro.openPrivacyContract).toHaveBeenCalled()
  })

  it('同意并继续 is the agree button WeChat checks, and lets the held call continue', () => {
    render(<PageShell>页面</PageShell>)
    const resolve = wechatAsks('chooseImage')
    const agree = screen.getByRole('button', { name: '同意并继续' })
    expect(agree.id).toBe('privacy-agree')
    expect(agree.getAttribute('data-open-type')).toBe('agreePrivacyAuthorization')
    fireEvent.click(agree)
    expect(resolve).toHaveBeenLastCalledWith({ event: 'agree', buttonId: 'privacy-agree' })
    expect(document.getElementById('privacy-sheet')).toBeNull()
  })

  it('不同意 lets the held call fail and closes the sheet', () => {
    render(<PageShell>页面</PageShell>)
    const resolve = wechatAsks('setClipboardData')
    expect(screen.getByRole('dialog').textContent).toContain('剪贴板')
    fireEvent.click(screen.getByRole('button', { name: '不同意' }))
    expect(resolve).toHaveBeenLastCalledWith({ event: 'disagree' })
    expect(document.getElementById('privacy-sheet')).toBeNull()
  })

  it('is never rendered in the H5 portal', () => {
    process.env.TARO_ENV = 'h5'
    render(<PageShell>页面</PageShell>)
    wechatAsks('chooseImage')
    expect(document.getElementById('privacy-sheet')).toBeNull()
  })
})
