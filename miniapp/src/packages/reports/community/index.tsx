import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import CursorItems from '../../../components/ListFooter/CursorItems'
import PageShell from '../../../components/PageShell'
import { Empty } from '../../../components/StateView'
import { useCursorList } from '../../../hooks/useCursorList'
import { listCommunityReports } from '../../../services/reports'
import { REPORT_DETAIL_PAGE, withQuery } from '../../../utils/routes'
import ReportItem from '../ReportItem'
import '../reports.css'

const PAGE_SIZE = 20

/**
 * 社区诉求: what neighbours reported in my communities, as public summaries (category, building,
 * state, dates; never who or which room). Opening one shows its public detail and 附议.
 */
export default function CommunityReportsPage() {
  const list = useCursorList((cursor) => listCommunityReports({ limit: PAGE_SIZE, cursor }))
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()))
  useReachBottom(() => void list.loadMore())
  const open = (id: number) => Taro.navigateTo({ url: withQuery(REPORT_DETAIL_PAGE, { id }) })

  return (
    <PageShell>
      <View className='hero'>
        <View className='hero__sub'>本社区居民上报的问题和办理进度。不显示上报人和门牌号。</View>
      </View>
      <View className='card' id='community-reports'>
        <CursorItems list={list} empty={<Empty title='暂无社区诉求' hint='绑定房屋后可看到本社区的诉求；下拉可刷新。' />}>
          {(r) => <ReportItem key={r.id} report={r} onOpen={open} />}
        </CursorItems>
      </View>
    </PageShell>
  )
}
