import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import { getNoticeReads } from '../../../services/notices'
import type { NoticeReadsDto } from '../../../services/types'
import { pressable } from '../../../utils/keyboard'
import '../workbench.css'

type GridRow = NoticeReadsDto['grids'][number]

/** Page parameters arrive encoded on some platforms and decoded on others. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** Whole percent, never NaN. */
export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 100) : 0
}

/**
 * 阅读统计 of an important notice: households that read it, per grid, with progress bars; a grid
 * opens its unread households (occupants masked) for door-to-door follow-up. Grid staff see only
 * their own grids (the API decides).
 */
export default function NoticeReadsPage() {
  const { params } = useRouter()
  const id = Number(params.id)
  const title = safeDecode(params.title ?? '')
  const [gridId, setGridId] = useState<number>()
  const reads = useResource(() => getNoticeReads(id))
  const unread = useResource(() => getNoticeReads(id, gridId), { immediate: false })

  useEffect(() => {
    if (gridId) void unread.reload()
  }, [gridId])
  usePullDownRefresh(() => void Promise.all([reads.reload(), gridId ? unread.reload() : undefined]).finally(() => Taro.stopPullDownRefresh()))

  const data = reads.data
  const selected = data?.grids.find((g) => g.gridId === gridId)

  return (
    <PageShell>
      <View className='hero'>
        <View className='hero__title'>阅读统计</View>
        {title ? <View className='hero__sub'>{title}</View> : null}
      </View>
      {reads.loading && !data ? <Loading /> : null}
      {reads.error ? <ErrorState error={reads.error} onRetry={reads.reload} /> : null}
      {data ? (
        <View>
          <View className='card' id='reads-totals'>
            <View className='card__title'>
              已读 {data.totals.readHouseholds} / {data.totals.households} 户
            </View>
            <Progress label='全部住户阅读率' value={percent(data.totals.readHouseholds, data.totals.households)} />
            <View className='item__meta'>
              阅读率 {percent(data.totals.readHouseholds, data.totals.households)}% · 阅读人数 {data.totals.readers} 人
            </View>
          </View>
          <View className='section-title'>各网格阅读情况（点网格查看未读住户）</View>
          <View className='card' id='reads-grids'>
            {data.grids.length === 0 ? <Empty title='没有可查看的网格' hint='这条公告的发布范围内没有您负责的网格。' /> : null}
            {data.grids.map((g) => (
              <GridReads key={g.gridId} row={g} active={g.gridId === gridId} onTap={() => setGridId(g.gridId === gridId ? undefined : g.gridId)} />
            ))}
          </View>
          {selected ? (
            <View className='card' id='unread-households'>
              <View className='card__title'>{selected.gridName} · 未读住户</View>
              {unread.loading ? <Loading /> : null}
              {unread.error ? <ErrorState error={unread.error} onRetry={unread.reload} /> : null}
              {!unread.loading && unread.data?.unread?.gridId === selected.gridId ? <UnreadList unread={unread.data.unread} /> : null}
            </View>
          ) : null}
        </View>
      ) : null}
    </PageShell>
  )
}

function Progress({ label, value }: { label: string; value: number }) {
  return (
    <View className='progress' role='progressbar' aria-label={label} aria-valuenow={value} aria-valuemin={0} aria-valuemax={100}>
      <View className='progress__bar' style={{ width: `${value}%` }} />
    </View>
  )
}

function GridReads({ row, active, onTap }: { row: GridRow; active: boolean; onTap: () => void }) {
  const p = percent(row.readHouseholds, row.households)
  return (
    <View className={`grid-reads${active ? ' grid-reads--active' : ''}`} id={`grid-reads-${row.gridId}`} role='button' aria-expanded={active} {...pressable(onTap)}>
      <View className='item__head'>
        <View className='item__title'>{row.gridName}</View>
        <View className='grid-reads__count'>
          已读 {row.readHouseholds} / {row.households} 户
        </View>
      </View>
      <Progress label={`${row.gridName}阅读率`} value={p} />
      <View className='item__meta'>
        {p}% · 阅读 {row.readers} 人 · 未读 {row.households - row.readHouseholds} 户 {active ? '▲' : '›'}
      </View>
    </View>
  )
}

function UnreadList({ unread }: { unread: NonNullable<NoticeReadsDto['unread']> }) {
  if (unread.households.length === 0) return <Empty title='该网格所有住户都已阅读' />
  return (
    <View>
      <View className='muted'>共 {unread.households.length} 户未读，请上门或电话告知。</View>
      {unread.households.map((h) => (
        <View key={h.id} className='item unread-household' id={`unread-${h.id}`}>
          <View className='item__title'>{h.address}</View>
          {h.occupants.length === 0 ? (
            <View className='item__meta'>暂无登记住户</View>
          ) : (
            h.occupants.map((o, i) => (
              <View key={i} className='item__meta'>
                {o.realName ?? '未实名'}
                {o.phone ? ` · ${o.phone}` : ''}
              </View>
            ))
          )}
        </View>
      ))}
    </View>
  )
}
