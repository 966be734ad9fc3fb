import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import { asApiError } from '../../../hooks/useResource'
import type { DeskBookingDto } from '../../../services/serviceDesk'
import { confirmationOf, deskActions, DONE_TEXT, runDeskAction, type DeskAction } from './actions'

/** A status's tag colour. */
function tagOf(status: DeskBookingDto['status']) {
  if (status === 'completed' || status === 'checked_in') return 'tag--approved'
  if (status === 'pending' || status === 'awaiting_payment') return 'tag--pending'
  if (status === 'confirmed') return 'tag--booked'
  return 'tag--withdrawn'
}

/**
 * A booking at the window: when, which service, the resident (masked), the code and the status,
 * with the buttons its allowedActions permit. `cardId` names the card (`desk-booking` for the one
 * looked up by code), `buttonPrefix` its buttons (`desk` → `desk-checkin`).
 */
export default function DeskBooking({ booking, cardId, buttonPrefix, withCheckIn, onChanged }: {
  booking: DeskBookingDto
  cardId: string
  buttonPrefix: string
  withCheckIn: boolean
  onChanged: (b: DeskBookingDto) => void
}) {
  const [busy, setBusy] = useState<DeskAction>()
  const [error, setError] = useState<string>()
  const actions = deskActions(booking.allowedActions, withCheckIn)

  const run = async (action: DeskAction) => {
    if (busy) return
    const ask = confirmationOf(action, booking)
    if (ask) {
      const { confirm } = await Taro.showModal({ ...ask, confirmText: '确定', cancelText: '取消' })
      if (!confirm) return
    }
    setBusy(action)
    setError(undefined)
    try {
      const changed = await runDeskAction(action, booking)
      Taro.showToast({ title: DONE_TEXT[action], icon: 'success' })
      // The answer is the booking as the API sees it now; the resident's masked name stays ours.
      onChanged({ ...booking, ...changed, resident: booking.resident })
    } catch (e) {
      setError(asApiError(e).message)
    } finally {
      setBusy(undefined)
    }
  }

  return (
    <View className='item desk-booking' id={cardId} data-booking-id={booking.id}>
      <View className='item__head'>
        <View className='item__title'>{booking.whenText}</View>
        <View className={`tag ${tagOf(booking.status)}`} id={`${cardId}-status`}>{booking.statusLabel}</View>
      </View>
      <View className='desk-booking__service'>
        {booking.service.name} · {booking.service.department}
      </View>
      <View className='item__meta'>
        {booking.resident.name}{booking.resident.phoneMasked ? ` · ${booking.resident.phoneMasked}` : ''} · 预约码 <Text className='desk-booking__code'>{booking.code}</Text>
      </View>
      {booking.address ? <View className='item__meta'>上门地址：{booking.address}</View> : null}
      {booking.note ? <View className='item__meta'>备注：{booking.note}</View> : null}
      {booking.payment ? <View className='item__meta'>{booking.service.feeText} · {booking.payment.statusLabel}{booking.payment.refund ? ` · ${booking.payment.refund.statusLabel}` : ''}</View> : null}
      {booking.cancelReason ? <View className='item__meta'>取消原因：{booking.cancelReason}</View> : null}
      {error ? <View className='banner banner--error' role='alert' id={`${cardId}-error`}>{error}</View> : null}
      {actions.length ? (
        <View className='actions actions--wrap'>
          {actions.map((a) => (
            <ActionButton key={a.action} kind={a.kind} grow id={`${buttonPrefix}-${a.id}`} disabled={Boolean(busy)} onClick={() => void run(a.action)}>
              {busy === a.action ? '处理中…' : a.label}
            </ActionButton>
          ))}
        </View>
      ) : null}
    </View>
  )
}
