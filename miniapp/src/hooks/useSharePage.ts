import { useShareAppMessage, useShareTimeline } from '@tarojs/taro'
import { useRef } from 'react'
import { withQuery } from '../utils/routes'

/** What a share carries: the page, the query that reopens the same item, and its title once known. */
export type ShareTarget = { page: string; query: Record<string, string | number>; title?: string }

/**
 * The 发送给朋友 payload: WeChat opens `path` (page + query) for whoever taps the card. Without a
 * title yet (still loading) WeChat falls back to the mini-program's name.
 */
export function shareMessage(t: ShareTarget): { title?: string; path: string } {
  return { ...(t.title ? { title: t.title } : {}), path: withQuery(t.page, t.query) }
}

/**
 * The 分享到朋友圈 payload: WeChat only takes a query here — the shared page itself is reopened,
 * in single-page mode (scene 1154: no login, no navigation), with that query.
 */
export function shareTimeline(t: ShareTarget): { title?: string; query: string } {
  return { ...(t.title ? { title: t.title } : {}), query: withQuery('', t.query).replace(/^\?/, '') }
}

/**
 * Lets a page be sent to a friend from WeChat's menu, reopening the same item (the page's config
 * must say `enableShareAppMessage: true`). The latest target is read when the user shares.
 * H5 has no share menu: Taro registers the handler and nothing ever calls it.
 */
export function useSharePage(target: ShareTarget): void {
  const latest = useRef(target)
  latest.current = target
  useShareAppMessage(() => shareMessage(latest.current))
}

/**
 * As useSharePage, and also 分享到朋友圈 (config: `enableShareTimeline: true` as well). Only for
 * pages meant to be read widely: a Moments reader sees the page without a login.
 */
export function useShareTimelinePage(target: ShareTarget): void {
  const latest = useRef(target)
  latest.current = target
  useSharePage(target)
  useShareTimeline(() => shareTimeline(latest.current))
}
