import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, type ReactNode } from 'react'
import type { ApiError } from '../../services/request'
import { subscribeSession } from '../../stores/session'
import { HOME_PAGE, LOGIN_PAGE } from '../../utils/routes'
import { inTimelineMode } from '../../utils/scene'
import ActionButton from '../ActionButton'

/**
 * Whether a failed load means "not for this reader" rather than a failure: not logged in (401),
 * refused (403), or not visible to them (404 — the API answers 404 for what lies outside your
 * audience). A shared link opened by someone else lands here.
 */
export function isNoAccess(error: ApiError | undefined): error is ApiError {
  return error !== undefined && (error.status === 401 || error.status === 403 || error.status === 404)
}

/**
 * The state of a page its reader may not see, fed by the API error: 无权查看 (403/404) with what
 * it is, why, and 回到首页; 登录后查看 (401) with 去登录 — once a login happens (the request layer
 * already opened the login page), `onRetry` loads the page again. `children` add page-specific
 * ways on (e.g. 查看全部公告).
 */
export default function NoAccess({ error, what, onRetry, children }: {
  error: ApiError
  /** What the page shows, as in 「这条公告」: 公告, 议题, 选举结果, 公开事项. */
  what: string
  onRetry: () => void
  children?: ReactNode
}) {
  const needsLogin = error.status === 401
  useEffect(() => {
    if (!needsLogin) return
    return subscribeSession((s) => {
      if (s) onRetry()
    })
  }, [needsLogin, onRetry])

  if (needsLogin) {
    const timeline = inTimelineMode()
    return (
      <View className='state state--empty' id='no-access' data-reason='login'>
        <View className='state__title'>登录后查看</View>
        <View className='state__text'>{`这条${what}只对社区里相关的居民开放，登录后即可查看。`}</View>
        {timeline ? (
          <View className='state__text'>朋友圈里打开的页面无法登录，请点击下方「前往小程序」。</View>
        ) : (
          <ActionButton className='state__retry' id='no-access-login' onClick={() => void Taro.navigateTo({ url: LOGIN_PAGE })}>
            去登录
          </ActionButton>
        )}
      </View>
    )
  }
  const why = error.status === 404
    ? `它可能只面向其他社区或网格的居民，也可能已被撤回或删除。`
    : error.message || `它只对特定的居民或工作人员开放。`
  return (
    <View className='state state--empty' id='no-access' data-reason={error.status === 404 ? 'hidden' : 'forbidden'}>
      <View className='state__title'>无权查看</View>
      <View className='state__text'>{`这条${what}不对您开放。${why}`}</View>
      <View className='state__meta'>完成实名登记并绑定房屋后，可以查看您所在社区的内容。</View>
      <ActionButton kind='secondary' className='state__retry' id='no-access-home' onClick={() => void Taro.switchTab({ url: HOME_PAGE })}>
        回到首页
      </ActionButton>
      {children}
    </View>
  )
}
