import { Image, View } from '@tarojs/components'
import type { NoticeSummaryDto } from '../../services/types'
import { fileUrl } from '../../services/request'
import { formatDateTime } from '../../utils/time'
import { pressable } from '../../utils/keyboard'
import './NoticeItem.css'

/** The badges of a notice: 置顶, 重要 and its category. */
export function NoticeBadges({ notice }: { notice: Pick<NoticeSummaryDto, 'isPinned' | 'importance' | 'categoryLabel' | 'category'> }) {
  return (
    <View className='badges'>
      {notice.isPinned ? <View className='badge badge--pinned'>置顶</View> : null}
      {notice.importance === 'important' ? <View className='badge badge--important'>重要</View> : null}
      <View className={`badge badge--category badge--${notice.category}`}>{notice.categoryLabel}</View>
    </View>
  )
}

/** One notice in a list: badges, title, summary, community and time (Asia/Shanghai), cover if any. */
export default function NoticeItem({ notice, onOpen }: { notice: NoticeSummaryDto; onOpen: (id: number) => void }) {
  return (
    <View
      className={`notice-item${notice.isPinned ? ' notice-item--pinned' : ''}${notice.importance === 'important' ? ' notice-item--important' : ''}`}
      id={`notice-${notice.id}`}
      role='link'
      {...pressable(() => onOpen(notice.id), 'link')}
    >
      <View className='notice-item__main'>
        <NoticeBadges notice={notice} />
        <View className='notice-item__title'>{notice.title}</View>
        {notice.summary ? <View className='notice-item__summary'>{notice.summary}</View> : null}
        <View className='item__meta'>
          {notice.community.name}
          {notice.publishedAt ? ` · ${formatDateTime(notice.publishedAt)}` : ''}
        </View>
      </View>
      {notice.coverUrl ? <Image className='notice-item__cover' src={fileUrl(notice.coverUrl)} mode='aspectFill' lazyLoad /> : null}
    </View>
  )
}
