import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import InfoRow from '../../../components/InfoRow'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import { formatYuan, getDisclosureTotals, periodLabel, type DisclosureTotalsDto } from '../../../services/disclosures'
import NoCommunity, { isWithoutCommunity } from '../NoCommunity'
import Chip from '../../../components/Chip'
import '../disclosures.css'

type Period = DisclosureTotalsDto['periods'][number]

/**
 * 收支合计: income, expense and balance of the community's current items for one year, per period
 * as the items state it (a month or a quarter), drawn as two bars each with the amounts written
 * beside them (a bar alone says nothing to a screen reader or a tired eye).
 */
export default function DisclosureTotalsPage() {
  const thisYear = new Date().getFullYear()
  const [year, setYear] = useState(thisYear)
  return (
    <PageShell>
      <View className='chips disclosure-chips' id='totals-year' role='radiogroup' aria-label='年份'>
        {[thisYear, thisYear - 1].map((y) => (
          <Chip key={y} id={`totals-year-${y}`} active={y === year} onTap={() => setYear(y)}>
            {`${y}年`}
          </Chip>
        ))}
      </View>
      <YearTotals key={year} year={year} />
    </PageShell>
  )
}

function YearTotals({ year }: { year: number }) {
  const totals = useResource(() => getDisclosureTotals({ from: `${year}-01`, to: `${year}-12` }))
  usePullDownRefresh(() => void totals.reload().finally(() => Taro.stopPullDownRefresh()))
  if (isWithoutCommunity(totals.error)) return <NoCommunity />
  if (totals.error) return <ErrorState error={totals.error} onRetry={() => void totals.reload()} />
  if (!totals.data) return <Loading />
  const t = totals.data
  if (!t.periods.length) {
    return <Empty title={`${year}年暂无收支`} hint='社区公开带收支明细的事项后，这里会按月或按季度汇总。已撤回和已更正的旧版本不计入。' />
  }
  const max = Math.max(1, ...t.periods.flatMap((p) => [p.incomeFen, p.expenseFen]))
  return (
    <View>
      <View className='card' id='totals-sum'>
        <View className='card__title'>{year}年合计</View>
        <InfoRow label='收入' id='total-income' valueClassName='amount amount--income'>{formatYuan(t.total.incomeFen)}</InfoRow>
        <InfoRow label='支出' id='total-expense' valueClassName='amount amount--expense'>{formatYuan(t.total.expenseFen)}</InfoRow>
        <InfoRow label='结余' id='total-balance' valueClassName='amount'>{formatYuan(t.total.balanceFen)}</InfoRow>
      </View>
      <View className='card' id='totals-chart'>
        <View className='card__title'>各期收支</View>
        {t.periods.map((p) => (
          <PeriodBars key={p.period} p={p} max={max} />
        ))}
        <View className='field__hint'>只计现行版本；已撤回、已更正的旧版本不计入。</View>
      </View>
    </View>
  )
}

/** One period: its income and expense bars (width relative to the largest amount shown) and its balance. */
function PeriodBars({ p, max }: { p: Period; max: number }) {
  const width = (fen: number) => `${Math.round((fen / max) * 1000) / 10}%`
  return (
    <View className='bar-row' id={`period-${p.period}`}>
      <View className='item__title'>{periodLabel(p.period)}</View>
      <View className='bar'>
        <View className='bar__name'>收入</View>
        <View className='bar__track'>
          <View className='bar__fill bar__fill--income' data-testid={`bar-income-${p.period}`} style={{ width: width(p.incomeFen) }} />
        </View>
        <View className='bar__value amount amount--income' id={`income-${p.period}`}>{formatYuan(p.incomeFen)}</View>
      </View>
      <View className='bar'>
        <View className='bar__name'>支出</View>
        <View className='bar__track'>
          <View className='bar__fill bar__fill--expense' data-testid={`bar-expense-${p.period}`} style={{ width: width(p.expenseFen) }} />
        </View>
        <View className='bar__value amount amount--expense' id={`expense-${p.period}`}>{formatYuan(p.expenseFen)}</View>
      </View>
      <View className='item__meta' id={`balance-${p.period}`}>结余 {formatYuan(p.balanceFen)}</View>
    </View>
  )
}
