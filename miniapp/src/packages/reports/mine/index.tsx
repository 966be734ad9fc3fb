import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import CursorItems from '../../../components/ListFooter/CursorItems'
import PageShell from '../../../components/PageShell'
import SubscribeCard from '../../../components/SubscribeCard'
import { Empty } from '../../../components/StateView'
import { useCursorList, useListPageEvents } from '../../../hooks/useCursorList'
import { useSession } from '../../../hooks/useSession'
import { listMyReports } from '../../../services/reports'
import { LOGIN_PAGE, REPORT_DETAIL_PAGE, REPORT_NEW_PAGE, withQuery } from '../../../utils/routes'
import Chip from '../../../components/Chip'
import ReportItem from '../ReportItem'
import '../reports.css'

const PAGE_SIZE = 20
/** The filter chips: all, still being handled, finished (the API's `open` / `done`). */
const FILTERS = [
  { value: undefined, label: '全部' },
  { value: 'open', label: '处理中' },
  { value: 'done', label: '已办结' },
] as const
type Filter = (typeof FILTERS)[number]['value']

/** 我的诉求: reports I filed or seconded, newest first, by status, 加载更多 by cursor. */
export default function MyReportsPage() {
  const session = useSession()
  return <PageShell>{session ? <MyReports /> : <LoginCard />}</PageShell>
}

function LoginCard() {
  return (
    <View className='card'>
      <View className='card__title'>请先登录</View>
      <View className='muted'>登录后可查看您上报和附议的诉求。</View>
      <View className='actions'>
        <ActionButton grow onClick={() => Taro.navigateTo({ url: LOGIN_PAGE })}>
          登录
        </ActionButton>
      </View>
    </View>
  )
}

function MyReports() {
  const [status, setStatus] = useState<Filter>()
  const list = useCursorList((cursor) => listMyReports({ limit: PAGE_SIZE, cursor, status }), [status])

  // Coming back (from a detail or a form) loads again, so changes appear.
  useListPageEvents(list)

  const open = (id: number) => Taro.navigateTo({ url: withQuery(REPORT_DETAIL_PAGE, { id }) })
  const filter = FILTERS.find((f) => f.value === status)!

  return (
    <View>
      <View className='chips' id='status-filter' role='radiogroup'>
        {FILTERS.map((f) => (
          <Chip key={f.label} id={`filter-${f.value ?? 'all'}`} active={f.value === status} onTap={() => setStatus(f.value)}>
            {f.label}
          </Chip>
        ))}
      </View>
      <View className='card' id='my-reports'>
        <CursorItems
          list={list}
          empty={
            <Empty
              title={status ? `没有${filter.label}的诉求` : '还没有诉求'}
              hint={status ? '点上方「全部」可查看所有诉求。' : '发现身边的问题，可以在「随手拍」拍照上报。'}
            />
          }
        >
          {(r) => <ReportItem key={r.id} report={r} onOpen={open} />}
        </CursorItems>
      </View>
      <ActionButton block id='new-report' onClick={() => Taro.navigateTo({ url: REPORT_NEW_PAGE })}>
        上报新问题
      </ActionButton>
      <SubscribeCard compact topic='report' />
    </View>
  )
}
