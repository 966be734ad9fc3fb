/**
 * A small stand-in for `@tarojs/taro` in unit tests: in-memory storage, spies for navigation
 * and dialogs, a `request` spy each test programs, and page hooks mapped onto React effects.
 */
import { useEffect } from 'react'
import { vi } from 'vitest'

const storage = new Map<string, unknown>()

export const getStorageSync = vi.fn((key: string) => (storage.has(key) ? storage.get(key) : ''))
export const setStorageSync = vi.fn((key: string, value: unknown) => void storage.set(key, value))
export const removeStorageSync = vi.fn((key: string) => void storage.delete(key))
export const request = vi.fn()
export const navigateTo = vi.fn(async (_: { url: string }) => ({ errMsg: 'navigateTo:ok' }))
export const navigateBack = vi.fn(async () => ({ errMsg: 'navigateBack:ok' }))
export const reLaunch = vi.fn(async (_: { url: string }) => ({ errMsg: 'reLaunch:ok' }))
export const switchTab = vi.fn(async (_: { url: string }) => ({ errMsg: 'switchTab:ok' }))
export const getCurrentPages = vi.fn((): { route: string }[] => [])
export const showModal = vi.fn(async (_: object) => ({ confirm: true, cancel: false }))
export const showToast = vi.fn(async (_: object) => ({}))
export const stopPullDownRefresh = vi.fn()
export const login = vi.fn(async () => ({ code: 'wx-code' }))
export const getSystemInfoSync = vi.fn((): { fontSizeSetting?: number } => ({ fontSizeSetting: 16 }))
export const getAppBaseInfo = vi.fn((): { fontSizeSetting?: number } => ({ fontSizeSetting: 16 }))
export const redirectTo = vi.fn(async (_: { url: string }) => ({ errMsg: 'redirectTo:ok' }))
export const previewImage = vi.fn(async (_: object) => ({}))
export const setTabBarBadge = vi.fn(async (_: { index: number; text: string }) => ({}))
export const removeTabBarBadge = vi.fn(async (_: { index: number }) => ({}))
export const requestSubscribeMessage = vi.fn()
export const chooseImage = vi.fn()
export const chooseMedia = vi.fn()
export const chooseLocation = vi.fn()
export const pageScrollTo = vi.fn(async (_: object) => ({}))
export const setClipboardData = vi.fn(async (_: { data: string }) => ({ errMsg: 'setClipboardData:ok' }))
export const openSetting = vi.fn(async () => ({ authSetting: {} }))
export const openPrivacyContract = vi.fn((_: object = {}) => undefined)
/** Answers `success` with `privacySetting` (tests may change it). */
export const privacySetting = { current: { needAuthorization: true, privacyContractName: '《邻里通小程序隐私保护指引》' } }
export const getPrivacySetting = vi.fn((o: { success?: (r: object) => void } = {}) => o.success?.({ ...privacySetting.current, errMsg: 'getPrivacySetting:ok' }))
/** The listener the app registered with onNeedPrivacyAuthorization; tests call it as WeChat would. */
export const onNeedPrivacyAuthorization = vi.fn()

type ProgressListener = (p: { progress: number; totalBytesSent: number; totalBytesExpectedToSend: number }) => void
/** What the programmed uploadFile answers; tests set `uploadReplies` or replace the implementation. */
export const uploadFile = vi.fn()
/** An upload task like Taro's: a promise with `progress(listener)`; `steps` are reported before it settles. */
export function uploadTask(result: Promise<unknown>, steps: number[] = []) {
  const listeners: ProgressListener[] = []
  const settled = (async () => {
    await Promise.resolve()
    for (const p of steps) listeners.forEach((l) => l({ progress: p, totalBytesSent: p, totalBytesExpectedToSend: 100 }))
    return result
  })()
  return Object.assign(settled, { progress: (l: ProgressListener) => void listeners.push(l), abort: vi.fn() })
}

/** Page parameters `useRouter()` returns; tests set them before rendering a page. */
export const routerParams: { current: Record<string, string> } = { current: {} }
export const useRouter = () => ({ params: routerParams.current, path: '' })

/** Page lifecycle hooks: shown once on mount; the others are not triggered by tests. */
export const useDidShow = (fn: () => void) => useEffect(() => fn(), [])
export const useLoad = (fn: () => void) => useEffect(() => fn(), [])
export const usePullDownRefresh = (_: () => void) => undefined
export const useReachBottom = (_: () => void) => undefined

/** The share handlers the page registered last; tests call them as WeChat's menu would. */
export const shareHandlers: { message?: () => unknown; timeline?: () => unknown } = {}
export const useShareAppMessage = (fn: () => unknown) => void (shareHandlers.message = fn)
export const useShareTimeline = (fn: () => unknown) => void (shareHandlers.timeline = fn)
/** How the mini-program was launched (scene 1154 = single-page mode from 朋友圈). */
export const getLaunchOptionsSync = vi.fn(() => ({ scene: 1001, path: '', query: {} as Record<string, string> }))
/** WeChat's update manager; tests program it with a fake. */
export const getUpdateManager = vi.fn()

/** Clears storage and every spy's calls and programmed behaviour, back to the defaults above. */
export function resetTaroMock() {
  storage.clear()
  for (const fn of [getStorageSync, setStorageSync, removeStorageSync, navigateTo, navigateBack, reLaunch, switchTab, getCurrentPages, showModal, showToast, stopPullDownRefresh, login, getSystemInfoSync, getAppBaseInfo, redirectTo, previewImage, setTabBarBadge, removeTabBarBadge, pageScrollTo]) {
    fn.mockClear()
  }
  request.mockReset()
  uploadFile.mockReset()
  requestSubscribeMessage.mockReset()
  chooseImage.mockReset()
  chooseMedia.mockReset()
  chooseLocation.mockReset()
  setClipboardData.mockReset()
  setClipboardData.mockImplementation(async () => ({ errMsg: 'setClipboardData:ok' }))
  openSetting.mockClear()
  openPrivacyContract.mockClear()
  getPrivacySetting.mockClear()
  onNeedPrivacyAuthorization.mockReset()
  privacySetting.current = { needAuthorization: true, privacyContractName: '《邻里通小程序隐私保护指引》' }
  routerParams.current = {}
  delete shareHandlers.message
  delete shareHandlers.timeline
  getLaunchOptionsSync.mockReset()
  getLaunchOptionsSync.mockImplementation(() => ({ scene: 1001, path: '', query: {} }))
  getUpdateManager.mockReset()
  getCurrentPages.mockImplementation(() => [])
  showModal.mockImplementation(async () => ({ confirm: true, cancel: false }))
  getSystemInfoSync.mockImplementation(() => ({ fontSizeSetting: 16 }))
  getAppBaseInfo.mockImplementation(() => ({ fontSizeSetting: 16 }))
}

const Taro = {
  getStorageSync, setStorageSync, removeStorageSync, request, navigateTo, navigateBack, reLaunch, switchTab,
  getCurrentPages, showModal, showToast, stopPullDownRefresh, login, getSystemInfoSync, getAppBaseInfo,
  redirectTo, previewImage, setTabBarBadge, removeTabBarBadge, requestSubscribeMessage, chooseImage, chooseMedia, chooseLocation, uploadFile, pageScrollTo,
  setClipboardData, openSetting, openPrivacyContract, getPrivacySetting, onNeedPrivacyAuthorization,
  getLaunchOptionsSync, getUpdateManager,
}
export default Taro
