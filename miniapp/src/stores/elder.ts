import Taro from '@tarojs/taro'
import { parsePreference, resolveElderMode, type ElderPreference } from '../theme/elder'

const KEY = 'llt.elderMode'
/**
 * The class 关怀模式 puts on <html> in H5, for what Taro's H5 runtime renders outside the page
 * element (its tab bar: 首页 · 办事 · 随手拍 · 议事 · 我的); app.css enlarges it under this class (the theme and the tab bar live there).
 */
export const ELDER_ROOT_CLASS = 'elder-mode'
const listeners = new Set<() => void>()
let preference: ElderPreference | undefined
let fontSize: number | null | undefined

/** WeChat's font-size setting (weapp only; H5 has none). */
function readFontSizeSetting(): number | null {
  if (process.env.TARO_ENV !== 'weapp') return null
  const read = (get: () => unknown) => {
    try {
      const size = (get() as { fontSizeSetting?: unknown } | undefined)?.fontSizeSetting
      return typeof size === 'number' ? size : null
    } catch {
      return null
    }
  }
  // getAppBaseInfo is the current API (base library ≥ 2.20.1); older clients only have getSystemInfoSync.
  return (typeof Taro.getAppBaseInfo === 'function' ? read(() => Taro.getAppBaseInfo()) : null) ?? read(() => Taro.getSystemInfoSync())
}

/**
 * H5 only: mirrors 关怀模式 on <html> so the tab bar follows it. In weapp the tab bar is WeChat's
 * native one, and WeChat does not allow resizing it (setTabBarStyle changes colours only, never
 * the font or the height): it is left as it is there.
 */
function markDocument(on: boolean) {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return
  document.documentElement.classList.toggle(ELDER_ROOT_CLASS, on)
}

function load() {
  if (preference !== undefined && fontSize !== undefined) return
  if (preference === undefined) preference = parsePreference(Taro.getStorageSync(KEY))
  if (fontSize === undefined) fontSize = readFontSizeSetting()
  // The first read (at launch, when the first page renders) also marks the document.
  markDocument(resolveElderMode(preference, fontSize))
}

/** Whether 关怀模式 is on right now. */
export function isElderModeOn(): boolean {
  load()
  return resolveElderMode(preference ?? null, fontSize)
}

/** The user flipped the switch: remember the explicit choice. */
export function setElderMode(on: boolean): void {
  preference = on ? 'on' : 'off'
  Taro.setStorageSync(KEY, preference)
  markDocument(on)
  listeners.forEach((l) => l())
}

/** Subscribe for changes (for useSyncExternalStore). */
export function subscribeElderMode(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Test hook: forget what was read so the next call reads storage and system info again. */
export function resetElderModeCache(): void {
  preference = undefined
  fontSize = undefined
  markDocument(false)
}
