import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import { ErrorState, Loading } from '../../../components/StateView'
import { asApiError, useResource } from '../../../hooks/useResource'
import {
  cancelBooking, listSlots, payBooking, rescheduleBooking, type BookingDetailDto, type NextSlot, type SlotDto,
} from '../../../services/bookings'
import type { ApiError } from '../../../services/request'
import { formatDateTime } from '../../../utils/time'
import { offeredSlots } from '../attempt'
import { PAY_IN_WECHAT, payInWechat, payOutcomeText } from '../payment'
import SlotCalendar from '../SlotCalendar'
import { slotText } from '../slots'
import Chip from '../../../components/Chip'

type Props = { booking: BookingDetailDto; onChanged: (b: BookingDetailDto, notice?: string) => void; onReload: () => Promise<void> }

/** What the cancel dialog says: past the free cancellation time a paid fee is not refunded. */
export function cancelWarning(b: BookingDetailDto, now: number): string {
  const what = `确定取消「${b.service.name}」${b.whenText}的预约吗？`
  const paid = b.payment?.status === 'paid'
  if (paid && now > Date.parse(b.freeCancelUntil)) return `${what}已过免费取消时间（${formatDateTime(b.freeCancelUntil)}），取消后费用不予退还。`
  if (paid) return `${what}费用将原路退回。`
  return `${what}名额会让给其他居民。`
}

/** The actions the API's `allowedActions` give the resident: 去支付, 改约, 取消预约. */
export default function BookingActions({ booking, onChanged, onReload }: Props) {
  const a = booking.allowedActions
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<ApiError>()
  const [rescheduling, setRescheduling] = useState(false)
  if (!a.cancel && !a.reschedule && !a.pay) return null

  const cancel = async () => {
    const { confirm } = await Taro.showModal({ title: '取消预约', content: cancelWarning(booking, Date.now()), confirmText: '确定取消', cancelText: '再想想' })
    if (!confirm || busy) return
    setBusy(true)
    setFailure(undefined)
    try {
      const { refundQueued: _, notice, ...cancelled } = await cancelBooking(booking.id)
      onChanged(cancelled, notice)
      void Taro.showToast({ title: '已取消', icon: 'success' })
    } catch (e) {
      setFailure(asApiError(e))
    } finally {
      setBusy(false)
    }
  }

  const pay = async () => {
    if (busy) return
    setBusy(true)
    setFailure(undefined)
    try {
      const outcome = await payInWechat(await payBooking(booking.id))
      void Taro.showToast({ title: payOutcomeText(outcome), icon: 'none' })
      await onReload()
    } catch (e) {
      setFailure(asApiError(e))
    } finally {
      setBusy(false)
    }
  }

  const inWechat = process.env.TARO_ENV === 'weapp'
  return (
    <View className='card' id='booking-actions'>
      {failure ? <View className='banner banner--error' role='alert' id='booking-action-error'>{failure.message}</View> : null}
      {a.pay && !inWechat ? <View className='banner banner--info' id='pay-in-wechat'>{PAY_IN_WECHAT}：打开邻里通微信小程序，在「我的预约」中支付。</View> : null}
      {a.pay && inWechat ? (
        <ActionButton block id='booking-pay' disabled={busy} onClick={() => void pay()}>
          {busy ? '请稍候…' : `去支付 ${booking.service.feeText}`}
        </ActionButton>
      ) : null}
      {rescheduling ? <ReschedulePicker booking={booking} onDone={(b) => { setRescheduling(false); onChanged(b) }} onCancel={() => setRescheduling(false)} /> : null}
      <View className='actions'>
        {a.reschedule && !rescheduling ? (
          <ActionButton kind='secondary' grow id='booking-reschedule' disabled={busy} onClick={() => setRescheduling(true)}>
            改约
          </ActionButton>
        ) : null}
        {a.cancel ? (
          <ActionButton kind='danger' grow id='booking-cancel' disabled={busy} onClick={() => void cancel()}>
            取消预约
          </ActionButton>
        ) : null}
      </View>
    </View>
  )
}

/** 改约: the service's other slots; the seat moves to the chosen one in one step on the server. */
function ReschedulePicker({ booking, onDone, onCancel }: { booking: BookingDetailDto; onDone: (b: BookingDetailDto) => void; onCancel: () => void }) {
  const slots = useResource(() => listSlots(booking.service.id))
  const [picked, setPicked] = useState<SlotDto | NextSlot>()
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<ApiError>()
  const [offered, setOffered] = useState<NextSlot[] | null>(null)

  const pick = (s: SlotDto | NextSlot) => {
    setPicked(s)
    setFailure(undefined)
    setOffered(null)
  }

  const confirm = async () => {
    if (!picked || busy) return
    setBusy(true)
    setFailure(undefined)
    try {
      onDone(await rescheduleBooking(booking.id, picked.id))
      void Taro.showToast({ title: '已改约', icon: 'success' })
    } catch (e) {
      const err = asApiError(e)
      const next = offeredSlots(err)
      setFailure(err)
      setOffered(next)
      if (next) void slots.reload()
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='booking-reschedule' id='reschedule-picker'>
      <View className='card__title'>改约到</View>
      {slots.loading && !slots.data ? <Loading /> : null}
      {slots.error && !slots.data ? <ErrorState error={slots.error} onRetry={slots.reload} /> : null}
      {slots.data ? <SlotCalendar id='reschedule-calendar' slots={slots.data} selectedId={picked?.id} currentId={booking.slot.id} onPick={pick} /> : null}
      {offered ? (
        <View className='banner banner--error' role='alert' id='reschedule-full'>
          <View>该时段已约满</View>
          <View className='chips'>
            {offered.filter((s) => s.id !== booking.slot.id).map((s) => (
              <Chip key={s.id} id={`offered-${s.id}`} kind='button' onTap={() => pick(s)}>
                {`${slotText(s)} 余 ${s.remaining}`}
              </Chip>
            ))}
          </View>
        </View>
      ) : null}
      {failure && !offered ? <View className='banner banner--error' role='alert'>{failure.message}</View> : null}
      <View className='actions'>
        <ActionButton kind='secondary' grow onClick={onCancel}>
          不改了
        </ActionButton>
        <ActionButton grow id='confirm-reschedule' disabled={!picked || busy || Boolean(offered)} onClick={() => void confirm()}>
          {busy ? '提交中…' : picked ? `改到 ${slotText(picked)}` : '请选择新时段'}
        </ActionButton>
      </View>
    </View>
  )
}
