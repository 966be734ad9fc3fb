import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { resetUpdateWatch, watchForUpdates } from './appUpdate'

/** A stand-in for WeChat's UpdateManager: tests fire its events as WeChat would. */
function fakeManager() {
  const on: { ready?: () => void; failed?: () => void } = {}
  const manager = {
    onCheckForUpdate: vi.fn(),
    onUpdateReady: vi.fn((fn: () => void) => void (on.ready = fn)),
    onUpdateFailed: vi.fn((fn: () => void) => void (on.failed = fn)),
    applyUpdate: vi.fn(),
  }
  vi.mocked(Taro.getUpdateManager).mockReturnValue(manager as never)
  return { manager, on }
}

const settle = () => new Promise((r) => setTimeout(r, 0))

beforeEach(() => {
  resetUpdateWatch()
  process.env.TARO_ENV = 'weapp'
})

describe('the new-version prompt', () => {
  it('asks once, with 重启 / 稍后, when the new version is ready, and restarts into it on 重启', async () => {
    const { manager, on } = fakeManager()
    watchForUpdates()
    watchForUpdates()
    expect(Taro.getUpdateManager).toHaveBeenCalledTimes(1)
    expect(Taro.showModal).not.toHaveBeenCalled()
    on.ready!()
    on.ready!()
    await settle()
    expect(Taro.showModal).toHaveBeenCalledTimes(1)
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ confirmText: '重启', cancelText: '稍后' }))
    expect(manager.applyUpdate).toHaveBeenCalledTimes(1)
  })

  it('keeps the running version on 稍后', async () => {
    const { manager, on } = fakeManager()
    vi.mocked(Taro.showModal).mockImplementation(async () => ({ confirm: false, cancel: true, errMsg: 'showModal:ok' }))
    watchForUpdates()
    on.ready!()
    await settle()
    expect(Taro.showModal).toHaveBeenCalledTimes(1)
    expect(manager.applyUpdate).not.toHaveBeenCalled()
  })

  it('says nothing when the download failed or the dialog could not open', async () => {
    const { manager, on } = fakeManager()
    vi.mocked(Taro.showModal).mockImplementation(async () => {
      throw new Error('showModal:fail')
    })
    watchForUpdates()
    expect(() => on.failed!()).not.toThrow()
    on.ready!()
    await settle()
    expect(manager.applyUpdate).not.toHaveBeenCalled()
    expect(Taro.showToast).not.toHaveBeenCalled()
  })

  it('does nothing in H5, nor where the manager cannot be had', () => {
    process.env.TARO_ENV = 'h5'
    watchForUpdates()
    expect(Taro.getUpdateManager).not.toHaveBeenCalled()
    process.env.TARO_ENV = 'weapp'
    vi.mocked(Taro.getUpdateManager).mockImplementation(() => {
      throw new Error('getUpdateManager:fail')
    })
    expect(() => watchForUpdates()).not.toThrow()
  })
})
