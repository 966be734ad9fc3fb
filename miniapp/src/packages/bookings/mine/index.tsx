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
import { listMyBookings } from '../../../services/bookings'
import { BOOKING_DETAIL_PAGE, LOGIN_PAGE, SERVICES_PAGE, withQuery } from '../../../utils/routes'
import BookingItem from '../BookingItem'
import Chip from '../../../components/Chip'
import '../bookings.css'

const PAGE_SIZE = 20
/** The two tabs: still ahead (awaiting payment, pending, confirmed) and everything else. */
const TABS = [
  { value: 'upcoming', label: '待办理' },
  { value: 'past', label: '历史预约' },
] as const
type When = (typeof TABS)[number]['value']

/** 我的预约: upcoming and past bookings, 加载更多 by cursor, each opening its detail. */
export default function MyBookingsPage() {
  const session = useSession()
  return <PageShell>{session ? <MyBookings /> : <LoginCard />}</PageShell>
}

function LoginCard() {
  return (
    <View className='card'>
      <View className='card__title'>请先登录</View>
      <View className='muted'>登录后可查看您的预约。</View>
      <View className='actions'>
        <ActionButton grow onClick={() => Taro.navigateTo({ url: LOGIN_PAGE })}>
          登录
        </ActionButton>
      </View>
    </View>
  )
}

function MyBookings() {
  const [when, setWhen] = useState<When>('upcoming')
  const list = useCursorList((cursor) => listMyBookings({ when, limit: PAGE_SIZE, cursor }), [when])
  // Coming back from a detail (cancelled, rescheduled, paid) loads again.
  useListPageEvents(list)

  const open = (id: number) => Taro.navigateTo({ url: withQuery(BOOKING_DETAIL_PAGE, { id }) })

  return (
    <View>
      <View className='chips booking-tabs' id='when-filter' role='radiogroup'>
        {TABS.map((t) => (
          <Chip key={t.value} id={`when-${t.value}`} active={t.value === when} onTap={() => setWhen(t.value)}>
            {t.label}
          </Chip>
        ))}
      </View>
      <View className='card' id='my-bookings'>
        <CursorItems
          list={list}
          empty={
            when === 'upcoming' ? (
              <Empty title='没有待办理的预约' hint='在「办事」选择服务和时间即可预约，到窗口出示预约码。' />
            ) : (
              <Empty title='还没有历史预约' hint='办结、取消或过期的预约会显示在这里。' />
            )
          }
        >
          {(b) => <BookingItem key={b.id} booking={b} onOpen={open} />}
        </CursorItems>
      </View>
      <ActionButton block id='book-service' onClick={() => Taro.switchTab({ url: SERVICES_PAGE })}>
        预约服务
      </ActionButton>
      <SubscribeCard compact topic='booking' />
    </View>
  )
}
