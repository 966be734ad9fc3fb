import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import ListFooter from '../../../components/ListFooter'
import { Empty, ListState } from '../../../components/StateView'
import { useCursorList } from '../../../hooks/useCursorList'
import { asApiError } from '../../../hooks/useResource'
import { listMessages, markAllMessagesRead, markMessagesRead } from '../../../services/messages'
import type { MessageDto } from '../../../services/types'
import { openLink } from '../../../utils/routes'
import { formatDateTime } from '../../../utils/time'
import Chip from '../../../components/Chip'
import { pressable } from '../../../utils/keyboard'
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
    [onlyUnread],
  )
  // A pull-down refresh reloads in place (the messages stay on screen until the fresh page).
  const firstSignal = useRef(refreshSignal)
  useEffect(() => {
    if (refreshSignal !== firstSignal.current) void list.reload()
  }, [refreshSignal])
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
          <Chip active={!onlyUnread} onTap={() => setOnlyUnread(false)}>
            全部
          </Chip>
          <Chip active={onlyUnread} onTap={() => setOnlyUnread(true)}>
            未读
          </Chip>
        </View>
        <ActionButton kind='secondary' id='read-all' className='message-toolbar__read-all' disabled={busy || unreadShown === 0} onClick={readAll}>
          全部已读
        </ActionButton>
      </View>
      <View className='card'>
        <ListState list={list} empty={<Empty title={onlyUnread ? '没有未读消息' : '暂无消息'} hint='审核结果、新公告等提醒会显示在这里。' />} />
        {list.items.map((m) => (
          <View
            key={m.id}
            id={`message-${m.id}`}
            className={`message${m.isRead ? '' : ' message--unread'}`}
            role='link'
            {...pressable(() => void open(m), 'link')}
          >
            <View className='item__head'>
              <View className='message__title'>
                {/* The link is named by what it shows (WCAG 2.5.3), the dot saying 未读 first. */}
                {m.isRead ? null : <View className='dot' role='img' aria-label='未读' />}
                {m.title}
              </View>
              <View className='item__meta message__time'>{formatDateTime(m.createdAt)}</View>
            </View>
            {m.body ? <View className='message__body'>{m.body}</View> : null}
            {m.link ? <View className='item__meta message__link'>查看详情 ›</View> : null}
          </View>
        ))}
        {list.loaded && list.items.length > 0 ? (
          <ListFooter error={list.error} nextCursor={list.nextCursor} loadingMore={list.loadingMore || list.loading} onMore={() => void list.loadMore()} />
        ) : null}
      </View>
    </View>
  )
}
