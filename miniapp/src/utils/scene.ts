import Taro from '@tarojs/taro'

/** WeChat's scene for a page opened from 朋友圈 (single-page mode: no login, no navigation). */
const TIMELINE_SCENE = 1154

/**
 * True in WeChat's single-page mode (a page shared to 朋友圈 and opened there): the page runs
 * without a login and may not navigate, so nothing should try to open the login page.
 */
export function inTimelineMode(): boolean {
  if (process.env.TARO_ENV !== 'weapp') return false
  try {
    return Taro.getLaunchOptionsSync().scene === TIMELINE_SCENE
  } catch {
    return false
  }
}
