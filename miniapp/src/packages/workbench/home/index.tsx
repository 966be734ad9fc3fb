import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import PageShell from '../../../components/PageShell'
import { Empty } from '../../../components/StateView'
import { useSession } from '../../../hooks/useSession'
import PendingBindings from './PendingBindings'

/** 工作台 for staff: today, the review of household binding requests. */
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
        <View className='hero__sub'>{session.user.displayName} · 房屋绑定审核</View>
      </View>
      <View className='section-title'>待审核的房屋绑定申请</View>
      <PendingBindings refreshSignal={refreshSignal} onRefreshed={stopRefresh} />
    </PageShell>
  )
}

function stopRefresh() {
  Taro.stopPullDownRefresh()
}
