import Taro from '@tarojs/taro'

let started = false

/**
 * WeChat's new-version flow (weapp only): WeChat downloads a new version in the background; once
 * it is ready we ask once whether to restart into it now (「重启」 applies it, 「稍后」 leaves it for
 * the next cold start, which picks it up anyway). A failed download or a refused dialog is quiet:
 * the running version keeps working.
 */
export function watchForUpdates(): void {
  if (started || process.env.TARO_ENV !== 'weapp' || typeof Taro.getUpdateManager !== 'function') return
  started = true
  let manager: Taro.UpdateManager
  try {
    manager = Taro.getUpdateManager()
  } catch {
    return
  }
  let asked = false
  manager.onUpdateReady(() => {
    if (asked) return
    asked = true
    Taro.showModal({ title: '新版本已就绪', content: '邻里通有新版本，重启后即可使用。', confirmText: '重启', cancelText: '稍后' })
      .then((res) => {
        if (res.confirm) manager.applyUpdate()
      })
      .catch(() => undefined)
  })
  manager.onUpdateFailed(() => undefined)
}

/** Test hook: allow watchForUpdates to register again. */
export function resetUpdateWatch(): void {
  started = false
}
