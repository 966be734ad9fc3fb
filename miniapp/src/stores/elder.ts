import Taro from '@tarojs/taro'
import { parsePreference, resolveElderMode, type ElderPreference } from '../theme/elder'

const KEY = 'llt.elderMode'
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

function load() {
  if (preference === undefined) preference = parsePreference(Taro.getStorageSync(KEY))
  if (fontSize === undefined) fontSize = readFontSizeSetting()
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
}
