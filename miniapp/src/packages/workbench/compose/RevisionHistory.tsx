import { View } from '@tarojs/components'
import { useState } from 'react'
import ListFooter from '../../../components/ListFooter'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useCursorList } from '../../../hooks/useCursorList'
import { listNoticeRevisions, type NoticeRevisionDto } from '../../../services/notices'
import { formatDateTime } from '../../../utils/time'
import { pressable } from '../../../utils/keyboard'

/** The facts of an earlier version worth a glance: category, importance, state, target, pin, expiry, images. */
export function revisionFacts(s: NonNullable<NoticeRevisionDto['snapshot']>): string[] {
  return [
    s.categoryLabel,
    s.importance === 'important' ? '重要' : '普通',
    s.stateLabel,
    `范围：${s.targetLabel}`,
    s.pinnedUntil ? `置顶至 ${formatDateTime(s.pinnedUntil)}` : '未置顶',
    s.expiresAt ? `有效期至 ${formatDateTime(s.expiresAt)}` : '长期有效',
    s.images.length ? `${s.images.length} 张图片` : '无图片',
  ]
}

/**
 * 修改记录 of the notice being edited: folded until opened, then each earlier version newest
 * first (who replaced it and when, its title, summary and settings), with 加载更多.
 */
export default function RevisionHistory({ noticeId, count }: { noticeId: number; count: number }) {
  const [open, setOpen] = useState(false)
  const list = useCursorList(
    async (cursor) => {
      const page = await listNoticeRevisions(noticeId, { cursor })
      return { ...page, items: page.items.map((r) => ({ ...r, id: r.version })) }
    },
    [noticeId],
    { immediate: false },
  )

  const toggle = () => {
    if (!open && !list.loaded) void list.reload()
    setOpen(!open)
  }

  return (
    <View className='card' id='revision-history'>
      <View className='item__head' id='toggle-revisions' role='button' aria-expanded={open} {...pressable(toggle)}>
        <View className='card__title'>修改记录（{count}）</View>
        <View className='item__meta'>{open ? '收起 ▲' : '查看 ›'}</View>
      </View>
      {open && list.loading ? <Loading /> : null}
      {open && list.error && !list.loaded ? <ErrorState error={list.error} onRetry={() => void list.reload()} /> : null}
      {open && list.loaded ? (
        <View>
          {list.items.length === 0 ? <Empty title='暂无修改记录' /> : null}
          {list.items.map((r) => (
            <Revision key={r.version} revision={r} />
          ))}
          <ListFooter error={list.error} nextCursor={list.nextCursor} loadingMore={list.loadingMore} onMore={() => void list.loadMore()} />
        </View>
      ) : null}
    </View>
  )
}

function Revision({ revision: r }: { revision: NoticeRevisionDto }) {
  return (
    <View className='item revision' id={`revision-${r.version}`}>
      <View className='item__title'>
        第 {r.version} 版 · {r.title}
      </View>
      <View className='item__meta'>
        {formatDateTime(r.editedAt)} 由 {r.editor.displayName || '工作人员'} 修改为第 {r.version + 1} 版
      </View>
      {r.snapshot ? (
        <>
          <View className='item__meta'>{revisionFacts(r.snapshot).join(' · ')}</View>
          {r.snapshot.summary ? <View className='muted'>{r.snapshot.summary}</View> : null}
        </>
      ) : (
        <View className='muted'>早期记录，只保存了标题和正文</View>
      )}
    </View>
  )
}
