import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import InfoRow from '../../../components/InfoRow'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import { useSession } from '../../../hooks/useSession'
import { getService, listSlots, type ServiceDetailDto } from '../../../services/bookings'
import { getMe } from '../../../services/me'
import type { MeDto } from '../../../services/types'
import { BOOKING_MINE_PAGE, LOGIN_PAGE } from '../../../utils/routes'
import '../bookings.css'
import MaterialsChecklist from '../MaterialsChecklist'
import SlotCalendar from '../SlotCalendar'
import BookingSheet, { type HouseholdChoice, type PickedSlot } from './BookingSheet'
import { pressable } from '../../../utils/keyboard'

/**
 * 服务详情: what the service is, who may book it and its rules, the materials checklist the
 * resident ticks, and the calendar of slots; choosing a slot opens the confirmation sheet.
 */
export default function ServicePage() {
  const id = Number(useRouter().params.id)
  const valid = Number.isInteger(id) && id > 0
  const session = useSession()
  let body
  if (!valid) body = <Empty title='找不到这项服务' hint='链接不完整，请从「办事」打开。' />
  else if (!session) body = <LoginCard />
  else body = <ServiceView id={id} />
  return <PageShell>{body}</PageShell>
}

function LoginCard() {
  return (
    <View className='card' id='service-login'>
      <View className='card__title'>请先登录</View>
      <View className='muted'>登录并绑定房屋后，可以预约本社区的服务。</View>
      <View className='actions'>
        <ActionButton grow onClick={() => Taro.navigateTo({ url: LOGIN_PAGE })}>
          登录
        </ActionButton>
      </View>
    </View>
  )
}

/** Why the resident cannot book now, as the API says (eligibility, no-show block, payment). */
export function blockedReason(s: ServiceDetailDto): string | null {
  if (!s.active) return '该服务已停止预约'
  if (!s.bookable.ok) return s.bookable.reason ?? '暂时不能预约此服务'
  if (s.feeFen > 0 && !s.paymentAvailable) return '暂不支持在线支付，请到窗口办理'
  return null
}

/** My approved households in the service's community: where a home service can come. */
export function householdChoices(me: MeDto, communityId: number): HouseholdChoice[] {
  return me.households
    .filter((b) => b.status === 'approved' && b.household.community.id === communityId)
    .map((b) => ({ id: b.household.id, address: b.household.address }))
}

function ServiceView({ id }: { id: number }) {
  const service = useResource(() => getService(id))
  const slots = useResource(() => listSlots(id))
  const me = useResource(getMe, { immediate: false })
  const [picked, setPicked] = useState<PickedSlot>()
  const home = service.data?.homeService ?? false

  useEffect(() => {
    if (home) void me.reload()
  }, [home])
  usePullDownRefresh(() => void Promise.all([service.reload(), slots.reload()]).finally(() => Taro.stopPullDownRefresh()))

  if (service.loading && !service.data) return <Loading />
  if (service.error && !service.data) return <ErrorState error={service.error} onRetry={service.reload} />
  const s = service.data!
  const blocked = blockedReason(s)

  return (
    <View id='service-page'>
      <View className='card' id='service-info'>
        <View className='item__head'>
          <View className='card__title'>{s.name}</View>
          <View className={`booking-fee${s.feeFen > 0 ? ' booking-fee--paid' : ''}`}>{s.feeText}</View>
        </View>
        <InfoRow label={s.homeService ? '服务方式' : '办理地点'}>{s.homeService ? `上门服务（${s.department}）` : s.department}</InfoRow>
        <InfoRow label='办理时长'>约{s.durationMinutes}分钟</InfoRow>
        <InfoRow label='可预约对象' id='service-eligibility'>{s.eligibilityText}</InfoRow>
        {s.requiresConfirmation ? <InfoRow label='确认'>预约后需社区工作人员确认</InfoRow> : null}
        <View className='note booking-rules' id='service-rules'>{s.rulesText}</View>
        {s.description ? <View className='booking-description' id='service-description'>{s.description}</View> : null}
      </View>

      <MaterialsChecklist serviceId={s.id} materials={s.materials} />

      <View className='card' id='slots-card'>
        <View className='card__title'>选择时间</View>
        {blocked ? <View className='banner banner--info' id='service-blocked'>{blocked}</View> : null}
        {slots.loading && !slots.data ? <Loading /> : null}
        {slots.error && !slots.data ? <ErrorState error={slots.error} onRetry={slots.reload} /> : null}
        {slots.data ? <SlotCalendar slots={slots.data} selectedId={picked?.id} onPick={setPicked} /> : null}
      </View>

      <View className='card entry' id='open-my-bookings' role='link' {...pressable(() => Taro.navigateTo({ url: BOOKING_MINE_PAGE }), 'link')}>
        <View className='item__title'>我的预约</View>
        <View className='entry__arrow'>›</View>
      </View>

      {picked ? (
        <BookingSheet
          service={s}
          slot={picked}
          blocked={blocked ?? (home && me.error && !me.data ? `读取您的房屋失败：${me.error.message}` : null)}
          households={me.data ? householdChoices(me.data, s.communityId) : me.error ? [] : undefined}
          onPick={setPicked}
          onClose={() => setPicked(undefined)}
          onStale={() => void slots.reload()}
        />
      ) : null}
    </View>
  )
}
