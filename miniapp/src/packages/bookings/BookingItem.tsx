import { View } from '@tarojs/components'
import type { BookingDto } from '../../services/bookings'
import { pressable } from '../../utils/keyboard'

const TONES: Record<string, 'warn' | 'ok' | 'danger'> = {
  awaiting_payment: 'warn', pending: 'warn',
  checked_in: 'ok', completed: 'ok',
  cancelled: 'danger', expired: 'danger', no_show: 'danger',
}

/** The status tag: the API's label, coloured by the state (a confirmed booking in the theme colour). */
export function BookingStatusTag({ status, label, id }: { status: string; label: string; id?: string }) {
  const tone = TONES[status]
  return <View id={id} className={`status-pill${tone ? ` status-pill--${tone}` : ''}`}>{label}</View>
}

/** One booking in 我的预约: service, status, when, where, the booking code. Tapping opens it. */
export default function BookingItem({ booking, onOpen }: { booking: BookingDto; onOpen: (id: number) => void }) {
  return (
    <View className='item booking-item' id={`booking-${booking.id}`} role='link' {...pressable(() => onOpen(booking.id), 'link')}>
      <View className='item__head'>
        <View className='item__title'>{booking.service.name}</View>
        <BookingStatusTag status={booking.status} label={booking.statusLabel} />
      </View>
      <View className='booking-item__when'>{booking.whenText}</View>
      <View className='item__meta'>
        {booking.address ?? booking.service.department} · 预约码 {booking.code}
        {booking.feeFen > 0 ? ` · ${booking.service.feeText}` : ''}
      </View>
    </View>
  )
}
