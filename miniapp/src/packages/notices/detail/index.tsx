import { Image, RichText, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import ActionButton from '../../../components/ActionButton'
import NoAccess, { isNoAccess } from '../../../components/NoAccess'
import { NoticeBadges } from '../../../components/NoticeItem'
import PageShell from '../../../components/PageShell'
import Skeleton from '../../../components/Skeleton'
import { Empty, ErrorState } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import { useSharePage } from '../../../hooks/useSharePage'
import { getNotice } from '../../../services/notices'
import { fileUrl } from '../../../services/request'
import type { NoticeDetailDto } from '../../../services/types'
import { NOTICE_COMPOSE_PAGE, NOTICE_DETAIL_PAGE, NOTICE_LIST_PAGE, NOTICE_READS_PAGE, withQuery } from '../../../utils/routes'
import { formatDateTime } from '../../../utils/time'
import { prepareBodyHtml } from './html'
import '../notices.css'

/**
 * 公告详情: the notice, its images, 已阅 for important ones, and staff entries its policies allow.
 * It can be sent to a friend (not to 朋友圈: a notice is for its grid's residents); a reader it is
 * not for sees 无权查看.
 */
export default function NoticeDetailPage() {
  const { params } = useRouter()
  const id = Number(params.id)
  const valid = Number.isInteger(id) && id > 0
  const notice = useResource(() => getNotice(id), { immediate: valid })
  usePullDownRefresh(() => void notice.reload().finally(() => Taro.stopPullDownRefresh()))
  useSharePage({ page: NOTICE_DETAIL_PAGE, query: { id }, title: notice.data?.title })

  if (!valid) return <Gone />
  return (
    <PageShell>
      {notice.loading && !notice.data && !notice.error ? <Skeleton kind='detail' /> : null}
      {isNoAccess(notice.error) ? (
        <NoAccess error={notice.error} what='公告' onRetry={notice.reload}>
          <AllNotices />
        </NoAccess>
      ) : null}
      {notice.error && !isNoAccess(notice.error) ? <ErrorState error={notice.error} onRetry={notice.reload} /> : null}
      {notice.data && !notice.error ? <NoticeView notice={notice.data} /> : null}
    </PageShell>
  )
}

const AllNotices = () => (
  <ActionButton kind='secondary' className='state__retry' id='all-notices' onClick={() => void Taro.redirectTo({ url: NOTICE_LIST_PAGE })}>
    查看全部公告
  </ActionButton>
)

/** A link without a usable id. */
function Gone() {
  return (
    <PageShell>
      <View className='card' id='notice-gone'>
        <Empty title='找不到这条公告' hint='链接不完整，请从公告列表打开。' />
        <AllNotices />
      </View>
    </PageShell>
  )
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
        <View className='doc-title' id='notice-title'>{notice.title}</View>
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
