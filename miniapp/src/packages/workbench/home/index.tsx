import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import PageShell from '../../../components/PageShell'
import { Empty } from '../../../components/StateView'
import { useSession } from '../../../hooks/useSession'
import { NOTICE_COMPOSE_PAGE, NOTICE_LIST_PAGE, NOTICE_MANAGE_PAGE } from '../../../utils/routes'
import ActionButton from '../../../components/ActionButton'
import IdentityReviews from './IdentityReviews'
import PendingBindings from './PendingBindings'
import Leaves from './Leaves'
import ReportEntry from './ReportEntry'
import BookingEntry from './BookingEntry'
import ElectionEntry from './ElectionEntry'
import DisclosureEntry from './DisclosureEntry'
import ConsultationEntry from './ConsultationEntry'
import type { UserPolicies } from '../../../stores/session'

/** 工作台 for staff: the entries the API's `policies` offer — 网格治理, leaves, bookings, elections, disclosures, topics, 公告管理 or the notices to follow up — binding review and 身份核实. */
export default function WorkbenchPage() {
  const session = useSession()
  const [refreshSignal, setRefreshSignal] = useState(0)
  usePullDownRefresh(() => setRefreshSignal((n) => n + 1))

  if (!session?.user.isStaff) {
    return (
      <PageShell>
        <Empty title='工作台仅供工作人员使用' hint='请用工作人员账号登录。' />
      </PageShell>
    )
  }
  const { policies } = session.user
  return (
    <PageShell>
      <View className='hero'>
        <View className='hero__title'>工作台</View>
        <View className='hero__sub'>{session.user.displayName}</View>
      </View>
      <ReportEntry policies={policies} />
      {policies.leaves ? <Leaves userId={session.user.id} canRegister={policies.registerLeave} refreshSignal={refreshSignal} /> : null}
      <BookingEntry policies={policies} />
      <ElectionEntry policies={policies} />
      <DisclosureEntry policies={policies} />
      <ConsultationEntry policies={policies} />
      <NoticeEntry writes={policies.composeNotices} />
      <View className='section-title'>待审核的房屋绑定申请</View>
      <PendingBindings refreshSignal={refreshSignal} onRefreshed={stopRefresh} />
      {policies.identityReviews ? (
        <View>
          <View className='section-title'>身份核实</View>
          <IdentityReviews refreshSignal={refreshSignal} />
        </View>
      ) : null}
    </PageShell>
  )
}

function stopRefresh() {
  Taro.stopPullDownRefresh()
}

/**
 * 社区公告 entries. Which notices each one may write, publish or follow is the API's call; this
 * only avoids offering 公告管理 to staff who do not write notices (grid staff follow important
 * notices' read statistics from the notice itself).
 */
function NoticeEntry({ writes }: { writes: boolean }) {
  return (
    <View className='card' id='notice-entry'>
      <View className='card__title'>社区公告</View>
      <View className='muted'>
        {writes ? '发布、编辑、撤回公告，查看重要公告的阅读情况。' : '打开重要公告，可查看您负责网格的阅读情况和未读住户。'}
      </View>
      <View className='actions'>
        {writes ? (
          <ActionButton grow id='open-notice-manage' onClick={() => Taro.navigateTo({ url: NOTICE_MANAGE_PAGE })}>
            公告管理
          </ActionButton>
        ) : null}
        {writes ? (
          <ActionButton kind='secondary' grow id='open-notice-compose' onClick={() => Taro.navigateTo({ url: NOTICE_COMPOSE_PAGE })}>
            发布公告
          </ActionButton>
        ) : (
          <ActionButton grow id='open-notice-feed' onClick={() => Taro.navigateTo({ url: NOTICE_LIST_PAGE })}>
            查看社区公告
          </ActionButton>
        )}
      </View>
    </View>
  )
}
