import { Image, RichText, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import ActionButton from '../../../components/ActionButton'
import { NoticeBadges } from '../../../components/NoticeItem'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import { getNotice } from '../../../services/notices'
import { fileUrl } from '../../../services/request'
import type { NoticeDetailDto } from '../../../services/types'
import { NOTICE_COMPOSE_PAGE, NOTICE_LIST_PAGE, NOTICE_READS_PAGE, withQuery } from '../../../utils/routes'
import { formatDateTime } from '../../../utils/time'
import { prepareBodyHtml } from './html'
import '../notices.css'

/** 公告详情: the notice, its images, 已阅 for important ones, and staff entries its policies allow. */
export default function NoticeDetailPage() {
  const { params } = useRouter()
  const id = Number(params.id)
  const valid = Number.isInteger(id) && id > 0
  const notice = useResource(() => getNotice(id), { immediate: valid })
  usePullDownRefresh(() => void notice.reload().finally(() => Taro.stopPullDownRefresh()))

  if (!valid) return <Gone />
  return (
    <PageShell>
      {notice.loading && !notice.data ? <Loading /> : null}
      {notice.error?.status === 404 ? <Gone bare /> : null}
      {notice.error && notice.error.status !== 404 ? <ErrorState error={notice.error} onRetry={notice.reload} /> : null}
      {notice.data && !notice.error ? <NoticeView notice={notice.data} /> : null}
    </PageShell>
  )
}

/** The 404 state: withdrawn, expired, or never meant for this reader. */
function Gone({ bare = false }: { bare?: boolean }) {
  const body = (
    <View className='card' id='notice-gone'>
      <Empty title='公告已撤回或不存在' hint='这条公告可能已被撤回、已过期，或不是面向您所在网格发布的。' />
      <ActionButton kind='secondary' block onClick={() => Taro.redirectTo({ url: NOTICE_LIST_PAGE })}>
        查看全部公告
      </ActionButton>
    </View>
  )
  return bare ? body : <PageShell>{body}</PageShell>
}

function NoticeView({ notice }: { notice: NoticeDetailDto }) {
  const urls = notice.images.map((img) => fileUrl(img.url))
  const preview = (current: string) => Taro.previewImage({ urls, current })
  const isImportant = notice.importance === 'important'
  const { policies } = notice

  return (
    <View id='notice-detail'>
      {notice.state === 'withdrawn' ? (
        <View className='banner banner--error' id='notice-withdrawn'>
          该公告已于 {formatDateTime(notice.withdrawnAt)} 撤回{notice.withdrawReason ? `：${notice.withdrawReason}` : ''}
        </View>
      ) : null}
      {notice.state !== 'published' && notice.state !== 'withdrawn' ? (
        <View className='banner banner--info'>
          {notice.stateLabel}
          {notice.state === 'scheduled' && notice.publishAt ? ` · 将于 ${formatDateTime(notice.publishAt)} 发布` : ''}
        </View>
      ) : null}
      <View className='card'>
        <NoticeBadges notice={notice} />
        <View className='notice-title' id='notice-title'>{notice.title}</View>
        <View className='item__meta'>
          {notice.community.name} · {notice.author.displayName}
          {notice.publishedAt ? ` · ${formatDateTime(notice.publishedAt)}` : ''}
        </View>
        <View className='item__meta'>发布范围：{notice.targetLabel}</View>
        {notice.expiresAt ? <View className='item__meta'>有效期至 {formatDateTime(notice.expiresAt)}</View> : null}
        {isImportant ? (
          notice.readAt ? (
            <View className='read-state read-state--done' id='read-state'>
              ✓ 已阅 · {formatDateTime(notice.readAt)}
            </View>
          ) : (
            <View className='read-state' id='read-state'>
              {policies.viewReads ? '重要公告 · 居民的阅读情况见“阅读统计”' : '重要公告，请仔细阅读'}
            </View>
          )
        ) : null}
        <RichText className='notice-body' id='notice-body' nodes={prepareBodyHtml(notice.bodyHtml)} />
        {urls.length ? (
          <View className='image-grid' id='notice-images'>
            {urls.map((url, i) => (
              <Image key={notice.images[i].id} className='image-grid__item' src={url} mode='aspectFill' lazyLoad onClick={() => preview(url)} />
            ))}
          </View>
        ) : null}
      </View>
      {policies.viewReads || policies.edit ? (
        <View className='card actions' id='notice-staff-actions'>
          {policies.viewReads ? (
            <ActionButton grow id='open-reads' onClick={() => Taro.navigateTo({ url: withQuery(NOTICE_READS_PAGE, { id: notice.id, title: notice.title }) })}>
              阅读统计
            </ActionButton>
          ) : null}
          {policies.edit ? (
            <ActionButton kind='secondary' grow id='edit-notice' onClick={() => Taro.navigateTo({ url: withQuery(NOTICE_COMPOSE_PAGE, { id: notice.id }) })}>
              编辑
            </ActionButton>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}
