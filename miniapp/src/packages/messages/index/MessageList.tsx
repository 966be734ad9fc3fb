import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import ListFooter from '../../../components/ListFooter'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useCursorList } from '../../../hooks/useCursorList'
import { asApiError } from '../../../hooks/useResource'
import { listMessages, markAllMessagesRead, markMessagesRead } from '../../../services/messages'
import type { MessageDto } from '../../../services/types'
import { openLink } from '../../../utils/routes'
import { formatDateTime } from '../../../utils/time'
import './MessageList.css'

const PAGE_SIZE = 20

/**
 * The message centre: newest first, unread ones marked; a tap marks the message read and opens
 * its link; 全部已读 clears them all. `refreshSignal` changes on pull-down refresh.
 *
 * What the card shows, in order: 加载中… while a first page is on its way with nothing on screen;
 * 加载失败 + 重试 when a first page failed with nothing on screen; the empty state only when the
 * answer really was empty. 全部 / 未读 starts the list over, and 加载更多 is offered only for the
 * first page that is on screen (never the cursor of the other filter or of a page being refreshed).
 */
export default function MessageList({ refreshSignal = 0, onRefreshed }: { refreshSignal?: number; onRefreshed?: () => void }) {
  const [onlyUnread, setOnlyUnread] = useState(false)
  const [busy, setBusy] = useState(false)
  const list = useCursorList(
    async (cursor) => {
      try {
        return await listMessages({ limit: PAGE_SIZE, cursor, unread: onlyUnread })
      } finally {
        if (!cursor) onRefreshed?.()
      }
    },
    [onlyUnread, refreshSignal],
  )
  // The filter whose first page has been asked for. It catches up in the same flush of effects
  // that starts the load, so between a tap on a chip and that load not one render says 没有未读消息.
  const [asked, setAsked] = useState(onlyUnread)
  useEffect(() => setAsked(onlyUnread), [onlyUnread])
  const loading = list.loading || asked !== onlyUnread
  const unreadShown = list.items.filter((m) => !m.isRead).length

  const markLocally = (pred: (m: MessageDto) => boolean) => list.update((items) => items.map((m) => (pred(m) ? { ...m, isRead: true } : m)))

  const open = async (m: MessageDto) => {
    if (!m.isRead) {
      markLocally((x) => x.id === m.id)
      try {
        await markMessagesRead([m.id])
      } catch (e) {
        // Still open the link: the message stays unread on the server and shows so next time.
        list.update((items) => items.map((x) => (x.id === m.id ? { ...x, isRead: false } : x)))
        Taro.showToast({ title: asApiError(e).message, icon: 'none' })
      }
    }
    if (m.link) await openLink(m.link).catch(() => Taro.showToast({ title: '该页面暂时无法打开', icon: 'none' }))
  }

  /** The other filter starts the list over: none of the old messages (nor their cursor) stay on screen under it. */
  const pick = (unread: boolean) => {
    if (unread === onlyUnread) return
    list.update(() => [])
    setOnlyUnread(unread)
  }

  // 加载更多 waits while a first page loads: the cursor it would send belongs to the page being replaced.
  const more = () => {
    if (!loading) void list.loadMore()
  }

  const readAll = async () => {
    setBusy(true)
    try {
      await markAllMessagesRead()
      markLocally(() => true)
      Taro.showToast({ title: '已全部标为已读', icon: 'none' })
    } catch (e) {
      Taro.showToast({ title: asApiError(e).message, icon: 'none' })
    } finally {
      setBusy(false)
    }
  }

  return (
    <View id='message-list'>
      <View className='message-toolbar'>
        <View className='chips message-toolbar__chips' role='radiogroup' aria-label='筛选消息'>
          <View className={`chip${!onlyUnread ? ' chip--active' : ''}`} role='radio' aria-checked={!onlyUnread} onClick={() => pick(false)}>
            全部
          </View>
          <View className={`chip${onlyUnread ? ' chip--active' : ''}`} role='radio' aria-checked={onlyUnread} onClick={() => pick(true)}>
            未读
          </View>
        </View>
        <ActionButton kind='secondary' id='read-all' className='message-toolbar__read-all' disabled={busy || unreadShown === 0} onClick={readAll}>
          全部已读
        </ActionButton>
      </View>
      <View className='card'>
        {loading && list.items.length === 0 ? <Loading /> : null}
        {/* A failed first page with nothing on screen (after a switch, a refresh or on opening): say so, never 暂无消息. */}
        {list.error && !loading && list.items.length === 0 ? <ErrorState error={list.error} onRetry={() => void list.reload()} /> : null}
        {list.loaded && !loading && !list.error && list.items.length === 0 ? (
          <Empty title={onlyUnread ? '没有未读消息' : '暂无消息'} hint='审核结果、新公告等提醒会显示在这里。' />
        ) : null}
        {list.items.map((m) => (
          <View
            key={m.id}
            id={`message-${m.id}`}
            className={`message${m.isRead ? '' : ' message--unread'}`}
            role='link'
            aria-label={m.isRead ? m.title : `未读：${m.title}`}
            onClick={() => void open(m)}
          >
            <View className='item__head'>
              <View className='message__title'>
                {m.isRead ? null : <View className='dot' aria-hidden='true' />}
                {m.title}
              </View>
              <View className='item__meta message__time'>{formatDateTime(m.createdAt)}</View>
            </View>
            {m.body ? <View className='message__body'>{m.body}</View> : null}
            {m.link ? <View className='item__meta message__link'>查看详情 ›</View> : null}
          </View>
        ))}
        {list.loaded && list.items.length > 0 ? (
          <ListFooter error={list.error} nextCursor={list.nextCursor} loadingMore={list.loadingMore || loading} onMore={more} />
        ) : null}
      </View>
    </View>
  )
}
