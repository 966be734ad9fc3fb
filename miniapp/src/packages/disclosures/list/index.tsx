import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import CursorItems from '../../../components/ListFooter/CursorItems'
import PageShell from '../../../components/PageShell'
import SubscribeCard from '../../../components/SubscribeCard'
import { Empty } from '../../../components/StateView'
import { useCursorList, useListPageEvents } from '../../../hooks/useCursorList'
import { DISCLOSURE_CATEGORIES, listDisclosures, periodLabel, type DisclosureCategory } from '../../../services/disclosures'
import { DISCLOSURE_DETAIL_PAGE, DISCLOSURE_TOTALS_PAGE, withQuery } from '../../../utils/routes'
import DisclosureItem from '../DisclosureItem'
import NoCommunity, { isWithoutCommunity } from '../NoCommunity'
import Chip from '../../../components/Chip'
import { pressable } from '../../../utils/keyboard'
import '../disclosures.css'

const PAGE_SIZE = 20
const QUARTERS = [
  { value: '', label: '全年' },
  { value: 'Q1', label: '一季度' },
  { value: 'Q2', label: '二季度' },
  { value: 'Q3', label: '三季度' },
  { value: 'Q4', label: '四季度' },
]

/**
 * 三务公开: the community's 党务、居务、财务 items, newest first, by category (tabs) and by period
 * (a year, then optionally one of its quarters; monthly items of that quarter show too), paged.
 */
export default function DisclosureListPage() {
  const thisYear = new Date().getFullYear()
  const [category, setCategory] = useState<DisclosureCategory>()
  const [year, setYear] = useState<number>()
  const [quarter, setQuarter] = useState('')
  const period = year ? (quarter ? `${year}-${quarter}` : String(year)) : undefined
  const list = useCursorList((cursor) => listDisclosures({ limit: PAGE_SIZE, cursor, category, period }), [category, period])
  useListPageEvents(list)

  const open = (id: number) => Taro.navigateTo({ url: withQuery(DISCLOSURE_DETAIL_PAGE, { id }) })
  const pickYear = (y?: number) => {
    setYear(y)
    setQuarter('')
  }
  const what = [DISCLOSURE_CATEGORIES.find((c) => c.value === category)?.label, period ? periodLabel(period) : undefined].filter(Boolean).join('、')

  if (isWithoutCommunity(list.error)) {
    return (
      <PageShell>
        <NoCommunity />
      </PageShell>
    )
  }
  return (
    <PageShell>
      <View className='disclosure-tabs' id='category-tabs' role='tablist'>
        <Tab id='category-all' active={!category} onTap={() => setCategory(undefined)}>全部</Tab>
        {DISCLOSURE_CATEGORIES.map((c) => (
          <Tab key={c.value} id={`category-${c.value}`} active={c.value === category} onTap={() => setCategory(c.value)}>
            {c.label}
          </Tab>
        ))}
      </View>
      <View className='chips disclosure-chips' id='year-filter' role='radiogroup' aria-label='年份'>
        <Chip id='year-all' active={!year} onTap={() => pickYear(undefined)}>全部期间</Chip>
        {[thisYear, thisYear - 1].map((y) => (
          <Chip key={y} id={`year-${y}`} active={y === year} onTap={() => pickYear(y)}>{`${y}年`}</Chip>
        ))}
      </View>
      {year ? (
        <View className='chips disclosure-chips' id='quarter-filter' role='radiogroup' aria-label='季度'>
          {QUARTERS.map((q) => (
            <Chip key={q.value || 'year'} id={`quarter-${q.value || 'year'}`} active={q.value === quarter} onTap={() => setQuarter(q.value)}>
              {q.label}
            </Chip>
          ))}
        </View>
      ) : null}
      <View className='card' id='disclosure-list'>
        <CursorItems
          list={list}
          empty={<Empty title='暂无公开事项' hint={what ? `没有「${what}」的公开事项，可换个类别或期间看看。` : '社区公开党务、居务、财务后会显示在这里，下拉可刷新。'} />}
        >
          {(d) => <DisclosureItem key={d.id} item={d} onOpen={open} />}
        </CursorItems>
      </View>
      <ActionButton kind='secondary' block id='open-totals' onClick={() => void Taro.navigateTo({ url: DISCLOSURE_TOTALS_PAGE })}>
        查看收支合计
      </ActionButton>
      <SubscribeCard compact topic='disclosure' />
    </PageShell>
  )
}

function Tab(props: { id: string; active: boolean; onTap: () => void; children: string }) {
  return (
    <View id={props.id} className={`disclosure-tab${props.active ? ' disclosure-tab--active' : ''}`} role='tab' aria-selected={props.active} {...pressable(props.onTap)}>
      {props.children}
    </View>
  )
}
