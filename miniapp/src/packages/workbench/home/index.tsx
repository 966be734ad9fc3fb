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
import { NOTICE_WRITER_ROLES, SUPERVISOR_ROLES } from '../roles'

/** 工作台 for staff: 网格治理 (reports, patrol, visits, figures), 公告管理 (writers) or the notices to follow up (grid staff), binding review, and 身份核实 (committee). */
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
  return (
    <PageShell>
      <View className='hero'>
        <View className='hero__title'>工作台</View>
        <View className='hero__sub'>{session.user.displayName}</View>
      </View>
      <ReportEntry roles={session.user.roles} />
      {session.user.roles.includes('grid_worker') || session.user.roles.some((r) => SUPERVISOR_ROLES.includes(r)) ? (
        <Leaves userId={session.user.id} canRegister={session.user.roles.includes('grid_worker')} refreshSignal={refreshSignal} />
      ) : null}
      <BookingEntry roles={session.user.roles} />
      <ElectionEntry roles={session.user.roles} />
      <DisclosureEntry roles={session.user.roles} />
      <ConsultationEntry roles={session.user.roles} />
      <NoticeEntry roles={session.user.roles} />
      <View className='section-title'>待审核的房屋绑定申请</View>
      <PendingBindings refreshSignal={refreshSignal} onRefreshed={stopRefresh} />
      {session.user.roles.includes('committee') ? (
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
function NoticeEntry({ roles }: { roles: string[] }) {
  const writes = roles.some((r) => NOTICE_WRITER_ROLES.includes(r))
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
