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

/** Page lifecycle hooks: shown once on mount; the others are not triggered by tests. */
export const useDidShow = (fn: () => void) => useEffect(() => fn(), [])
export const useLoad = (fn: () => void) => useEffect(() => fn(), [])
export const usePullDownRefresh = (_: () => void) => undefined
export const useReachBottom = (_: () => void) => undefined

/** Clears storage and every spy's calls and programmed behaviour, back to the defaults above. */
export function resetTaroMock() {
  storage.clear()
  for (const fn of [getStorageSync, setStorageSync, removeStorageSync, navigateTo, navigateBack, reLaunch, switchTab, getCurrentPages, showModal, showToast, stopPullDownRefresh, login, getSystemInfoSync, getAppBaseInfo]) {
    fn.mockClear()
  }
  request.mockReset()
  getCurrentPages.mockImplementation(() => [])
  showModal.mockImplementation(async () => ({ confirm: true, cancel: false }))
  getSystemInfoSync.mockImplementation(() => ({ fontSizeSetting: 16 }))
  getAppBaseInfo.mockImplementation(() => ({ fontSizeSetting: 16 }))
}

const Taro = {
  getStorageSync, setStorageSync, removeStorageSync, request, navigateTo, navigateBack, reLaunch, switchTab,
  getCurrentPages, showModal, showToast, stopPullDownRefresh, login, getSystemInfoSync, getAppBaseInfo,
}
export default Taro
