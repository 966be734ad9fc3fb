import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import PageShell from '../../../components/PageShell'
import { Empty } from '../../../components/StateView'
import { useSession } from '../../../hooks/useSession'
import MessageList from './MessageList'

/** 消息中心. */
export default function MessagesPage() {
  const session = useSession()
  const [refreshSignal, setRefreshSignal] = useState(0)
  usePullDownRefresh(() => setRefreshSignal((n) => n + 1))
  if (!session) {
    return (
      <PageShell>
        <Empty title='请先登录' hint='登录后查看您的消息。' />
      </PageShell>
    )
  }
  return (
    <PageShell>
      <MessageList refreshSignal={refreshSignal} onRefreshed={stopRefresh} />
    </PageShell>
  )
}

function stopRefresh() {
  Taro.stopPullDownRefresh()
}
