import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useResource, type Resource } from '../../../hooks/useResource'
import { useSession } from '../../../hooks/useSession'
import { getRegionTree } from '../../../services/regions'
import { getGridRanking, getReportStats, type GridRankingDto, type ReportStatsDto } from '../../../services/workbench'
import { shanghaiParts } from '../../../utils/time'
import Chip from '../../../components/Chip'
import { monthText, percent, shiftMonth } from './format'
import { pressable } from '../../../utils/keyboard'
import '../workbench.css'

type Figures = Omit<ReportStatsDto, 'period' | 'scope'>

/** A resource loaded now and again whenever `deps` change. */
function useReloading<T>(load: () => Promise<T>, deps: unknown[], enabled = true): Resource<T> {
  const res = useResource(load, { immediate: false })
  useEffect(() => {
    if (enabled) void res.reload()
  }, [...deps, enabled])
  return res
}

/**
 * 考核: a grid worker's or department handler's own figures of the month (按时受理率, 按时办结率, 满意率, 本月走访 x/15);
 * grid leaders, community and street staff get the ranking of their community's grids
 * (考核测评) with each grid's figures. Months can be stepped back.
 */
export default function FiguresPage() {
  const session = useSession()
  const worker = session?.user.policies.ownFigures ?? false
  const supervisor = session?.user.policies.gridRanking ?? false
  const current = shanghaiParts(new Date()).date.slice(0, 7)
  const [month, setMonth] = useState(current)
  const [communityId, setCommunityId] = useState<number>()

  const mine = useReloading(() => getReportStats({ scope: 'me', month }), [month], worker)
  const tree = useResource(getRegionTree, { immediate: supervisor })
  const communities = (tree.data ?? []).flatMap((s) => s.children)
  const community = communityId ?? (communities.length ? communities[0].id : undefined)
  const ranking = useReloading(() => getGridRanking({ month, communityId: community }), [month, community], supervisor && community !== undefined)

  usePullDownRefresh(() => void Promise.all([worker ? mine.reload() : null, supervisor ? ranking.reload() : null]).finally(() => Taro.stopPullDownRefresh()))

  if (!worker && !supervisor) {
    return (
      <PageShell>
        <Empty title='考核数据仅供网格员、职能部门和网格长、社区、街道工作人员查看' />
      </PageShell>
    )
  }
  return (
    <PageShell>
      <View className='month-switch' id='figures-month'>
        <ActionButton kind='secondary' id='figures-prev-month' onClick={() => setMonth(shiftMonth(month, -1))}>
          上月
        </ActionButton>
        <View className='month-switch__title'>{monthText(month)}</View>
        <ActionButton kind='secondary' id='figures-next-month' disabled={month >= current} onClick={() => setMonth(shiftMonth(month, 1))}>
          下月
        </ActionButton>
      </View>

      {worker ? (
        <View className='card' id='figures-mine'>
          <View className='card__title'>我的考核</View>
          <Loaded res={mine}>{(s) => <FigureGrid figures={s} />}</Loaded>
        </View>
      ) : null}

      {supervisor ? (
        <View className='card' id='figures-ranking'>
          <View className='card__title'>考核测评 · 网格排名</View>
          {tree.error ? <ErrorState error={tree.error} onRetry={() => void tree.reload()} /> : null}
          {communities.length > 1 ? (
            <View className='chips filter-row filter-row--scroll' role='radiogroup' aria-label='社区'>
              {communities.map((c) => (
                <Chip key={c.id} id={`figures-community-${c.id}`} active={community === c.id} onTap={() => setCommunityId(c.id)}>
                  {c.name}
                </Chip>
              ))}
            </View>
          ) : null}
          {tree.data && communities.length === 0 ? <Empty title='您的管辖范围内没有社区' /> : null}
          {community !== undefined ? <Loaded res={ranking}>{(r) => <Ranking ranking={r} />}</Loaded> : tree.loading ? <Loading /> : null}
        </View>
      ) : null}
    </PageShell>
  )
}

function Loaded<T>({ res, children }: { res: Resource<T>; children: (data: T) => JSX.Element }) {
  if (res.error) return <ErrorState error={res.error} onRetry={() => void res.reload()} />
  if (res.loading || !res.data) return <Loading />
  return children(res.data)
}

/** The four figures of a month and the counts behind them. */
function FigureGrid({ figures, id }: { figures: Figures; id?: string }) {
  const items = [
    { key: 'accepted', label: '按时受理率', value: percent(figures.acceptedOnTimeRate) },
    { key: 'resolved', label: '按时办结率', value: percent(figures.resolvedOnTimeRate) },
    { key: 'satisfaction', label: '满意率', value: percent(figures.satisfactionRate) },
    { key: 'visits', label: '本月走访', value: `${figures.visits.thisMonth}/${figures.visits.target}` },
  ]
  const r = figures.reports
  return (
    <View id={id}>
      <View className='figures'>
        {items.map((f) => (
          <View key={f.key} className='figure' id={id ? `${id}-${f.key}` : `figure-${f.key}`}>
            <View className='figure__value'>{f.value}</View>
            <View className='figure__label'>{f.label}</View>
          </View>
        ))}
      </View>
      <View className='item__meta figures__counts'>
        本月收到 {r.received} 件 · 受理 {r.accepted} · 办结 {r.resolved} · 在办 {r.open} · 超期 {r.overdueOpen}
      </View>
    </View>
  )
}

/** The community's grids, best first; tapping one shows its figures. */
function Ranking({ ranking }: { ranking: GridRankingDto }) {
  const [open, setOpen] = useState<number>()
  if (ranking.grids.length === 0) return <Empty title='该社区还没有网格' />
  return (
    <View>
      {ranking.grids.map((g) => (
        <View key={g.grid.id}>
          <View className='rank' id={`rank-${g.grid.id}`} role='button' aria-expanded={open === g.grid.id} {...pressable(() => setOpen(open === g.grid.id ? undefined : g.grid.id))}>
            <View className='rank__no'>{g.score === null ? '—' : g.rank}</View>
            <View className='rank__body'>
              <View className='item__title'>{g.grid.name}</View>
              <View className='item__meta'>
                按时办结 {percent(g.resolvedOnTimeRate)} · 按时受理 {percent(g.acceptedOnTimeRate)} · 满意 {percent(g.satisfactionRate)}
              </View>
            </View>
            <View className='rank__score'>{g.score === null ? '无数据' : `${g.score}分`}</View>
          </View>
          {open === g.grid.id ? <FigureGrid figures={g} id={`grid-figures-${g.grid.id}`} /> : null}
        </View>
      ))}
      <View className='field__hint' id='score-rule'>{ranking.scoreRule}</View>
    </View>
  )
}
