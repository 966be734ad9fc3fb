import { Image, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import ActionButton from '../../../components/ActionButton'
import InfoRow from '../../../components/InfoRow'
import NoAccess, { isNoAccess } from '../../../components/NoAccess'
import PageShell from '../../../components/PageShell'
import Skeleton from '../../../components/Skeleton'
import { ErrorState } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import { useShareTimelinePage } from '../../../hooks/useSharePage'
import { formatYuan, getDisclosure, periodLabel, type DisclosureDetailDto } from '../../../services/disclosures'
import { fileUrl } from '../../../services/request'
import { DISCLOSURE_DETAIL_PAGE, DISCLOSURE_ITEM_PAGE, withQuery } from '../../../utils/routes'
import { formatDateTime } from '../../../utils/time'
import Questions from './Questions'
import { pressable } from '../../../utils/keyboard'
import '../disclosures.css'

/**
 * One 三务公开 item as residents read it: the body, income and expense lines in 元, attachments,
 * where it stands in its correction chain (「已更正」 → the newer version; 「更正了…」 → the older
 * one), 「已撤回：原因」, and its public questions with 我要提问. Being public by nature, it can go to
 * a friend and to 朋友圈; a reader outside its community sees 无权查看.
 */
export default function DisclosureDetailPage() {
  const { params } = useRouter()
  const id = Number(params.id)
  const item = useResource(() => getDisclosure(id))
  usePullDownRefresh(() => void item.reload().finally(() => Taro.stopPullDownRefresh()))
  useShareTimelinePage({ page: DISCLOSURE_DETAIL_PAGE, query: { id }, title: item.data ? `三务公开：${item.data.title}` : undefined })

  return (
    <PageShell>
      {isNoAccess(item.error) ? <NoAccess error={item.error} what='公开事项' onRetry={item.reload} /> : null}
      {item.error && !isNoAccess(item.error) ? <ErrorState error={item.error} onRetry={() => void item.reload()} /> : null}
      {!item.error && !item.data ? <Skeleton kind='detail' /> : null}
      {item.data ? <Detail key={item.data.id} d={item.data} /> : null}
    </PageShell>
  )
}

const openVersion = (id: number) => Taro.navigateTo({ url: withQuery(DISCLOSURE_DETAIL_PAGE, { id }) })

function Detail({ d }: { d: DisclosureDetailDto }) {
  const manages = d.allowedActions.correct || d.allowedActions.withdraw
  return (
    <View id='disclosure-detail'>
      {d.status === 'withdrawn' ? (
        <View className='banner banner--error' role='alert' id='withdrawn-banner'>
          已撤回：{d.withdrawnReason}
          {d.withdrawnAt ? <View className='item__meta'>撤回时间 {formatDateTime(d.withdrawnAt)}，内容仅供查阅，不计入收支合计</View> : null}
        </View>
      ) : null}
      {d.supersededBy ? (
        <View className='banner banner--info' id='superseded-banner'>
          <View>已更正：这是旧版本（第 {d.versionNo} 版），内容以更正后的版本为准。</View>
          <View className='link' role='link' id='open-superseded-by' {...pressable(() => void openVersion(d.supersededBy!.id), 'link')}>
            查看更正后的版本（第 {d.supersededBy.versionNo} 版）›
          </View>
        </View>
      ) : null}

      <View className='card'>
        <View className='tag'>{d.categoryLabel}</View> <View className={`tag${d.status === 'published' ? ' tag--approved' : ' tag--withdrawn'}`}>{d.statusLabel}</View>
        <View className='doc-title'>{d.title}</View>
        <InfoRow label='期间' id='disclosure-period'>{periodLabel(d.period)}</InfoRow>
        <InfoRow label='社区'>{d.communityName}</InfoRow>
        <InfoRow label='公开时间'>{formatDateTime(d.publishedAt)}</InfoRow>
        <InfoRow label='发布人'>{d.authorName}</InfoRow>
        {d.supersedes ? (
          <View className='banner banner--info' id='supersedes-banner'>
            <View className='link' role='link' id='open-supersedes' {...pressable(() => void openVersion(d.supersedes!.id), 'link')}>
              更正了第 {d.supersedes.versionNo} 版「{d.supersedes.title}」›
            </View>
            {d.correctionReason ? <View className='item__meta'>更正原因：{d.correctionReason}</View> : null}
          </View>
        ) : null}
        <View className='disclosure-body' id='disclosure-body'>
          {d.body.split(/\n+/).filter(Boolean).map((p, i) => (
            <View key={i} className='disclosure-body__p'>{p}</View>
          ))}
        </View>
      </View>

      {d.lines.length ? <Lines d={d} /> : null}
      {d.attachments.length ? <Attachments d={d} /> : null}
      {d.versions.length > 1 ? <Versions d={d} /> : null}
      <Questions item={d} />
      {manages ? (
        <ActionButton kind='secondary' block id='open-disclosure-manage' onClick={() => void Taro.navigateTo({ url: withQuery(DISCLOSURE_ITEM_PAGE, { id: d.id }) })}>
          管理（更正、撤回、答复）
        </ActionButton>
      ) : null}
    </View>
  )
}

/** The income and expense lines in 元, then the item's totals. */
function Lines({ d }: { d: DisclosureDetailDto }) {
  return (
    <View className='card' id='disclosure-lines'>
      <View className='card__title'>收支明细</View>
      {d.lines.map((l, i) => (
        <View key={i} className='disclosure-line' id={`line-${i}`}>
          <View>
            <View className='item__title'>{l.label}</View>
            <View className='item__meta'>{l.kindLabel} · {l.category}</View>
          </View>
          <View className={`amount amount--${l.kind}`}>{l.kind === 'expense' ? '−' : '+'}{formatYuan(l.amountFen)}</View>
        </View>
      ))}
      <InfoRow label='收入合计' id='sum-income' valueClassName='amount amount--income'>{formatYuan(d.incomeFen)}</InfoRow>
      <InfoRow label='支出合计' id='sum-expense' valueClassName='amount amount--expense'>{formatYuan(d.expenseFen)}</InfoRow>
      <InfoRow label='结余' id='sum-balance' valueClassName='amount'>{formatYuan(d.incomeFen - d.expenseFen)}</InfoRow>
    </View>
  )
}

/** Attachments are images (signed URLs): tap one to see them full screen. */
function Attachments({ d }: { d: DisclosureDetailDto }) {
  const urls = d.attachments.map((a) => fileUrl(a.url))
  return (
    <View className='card' id='disclosure-attachments'>
      <View className='card__title'>附件（{d.attachments.length}）</View>
      <View className='image-grid'>
        {d.attachments.map((a, i) => (
          <View key={a.id} className='image-grid__cell'>
            <Image id={`attachment-${a.id}`} className='image-grid__item' src={urls[i]} mode='aspectFill' onClick={() => void Taro.previewImage({ urls, current: urls[i] })} />
          </View>
        ))}
      </View>
      <View className='field__hint'>点击图片可放大查看</View>
    </View>
  )
}

/** Every version of the item, oldest first; the one on screen is marked. */
function Versions({ d }: { d: DisclosureDetailDto }) {
  return (
    <View className='card' id='disclosure-versions'>
      <View className='card__title'>版本记录</View>
      {d.versions.map((v) => (
        <View key={v.id} className='item' id={`version-${v.id}`} role={v.id === d.id ? undefined : 'link'} {...(v.id === d.id ? {} : pressable(() => void openVersion(v.id), 'link'))}>
          <View className='item__title'>第 {v.versionNo} 版{v.id === d.id ? '（当前查看）' : ''}</View>
          <View className='item__meta'>{v.title} · {formatDateTime(v.publishedAt)}</View>
        </View>
      ))}
    </View>
  )
}
