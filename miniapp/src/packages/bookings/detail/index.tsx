import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import InfoRow from '../../../components/InfoRow'
import PageShell from '../../../components/PageShell'
import QrCode from '../../../components/QrCode'
import Skeleton from '../../../components/Skeleton'
import { Empty, ErrorState } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import { getBooking, type BookingDetailDto } from '../../../services/bookings'
import { formatDateTime } from '../../../utils/time'
import { BookingStatusTag } from '../BookingItem'
import '../bookings.css'
import MaterialsChecklist from '../MaterialsChecklist'
import { useCountdown } from '../payment'
import BookingActions from './BookingActions'

/** Statuses still ahead of the visit: the code and QR are for showing at the window. */
const UPCOMING = ['awaiting_payment', 'pending', 'confirmed']

/**
 * 预约详情: the booking code in big type with its QR code, status, time, place, the materials
 * checklist, fee, payment and refund, and the actions the API allows (cancel, reschedule, pay).
 */
export default function BookingDetailPage() {
  const id = Number(useRouter().params.id)
  const valid = Number.isInteger(id) && id > 0
  const booking = useResource(() => getBooking(id), { immediate: valid })
  // An action's answer replaces the loaded booking until the next reload.
  const [changed, setChanged] = useState<BookingDetailDto>()
  // What the API said about the last action (a cancellation's refund), shown until a reload.
  const [notice, setNotice] = useState<string>()
  const change = (b: BookingDetailDto, said?: string) => {
    setChanged(b)
    setNotice(said)
  }
  const reload = async () => {
    setChanged(undefined)
    setNotice(undefined)
    await booking.reload()
  }
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()))

  const shown = changed ?? booking.data
  return (
    <PageShell>
      {!valid ? <Empty title='找不到这条预约' hint='链接不完整，请从「我的预约」打开。' /> : null}
      {valid && booking.loading && !shown ? <Skeleton kind='detail' /> : null}
      {booking.error && !shown ? <ErrorState error={booking.error} onRetry={reload} /> : null}
      {shown ? <Detail booking={shown} notice={notice} onChanged={change} onReload={reload} /> : null}
    </PageShell>
  )
}

/** A paid booking's cancellation terms: refunded until `freeCancelUntil`, not after. */
export function freeCancelText(b: BookingDetailDto, now: number): string {
  const until = formatDateTime(b.freeCancelUntil)
  return now < Date.parse(b.freeCancelUntil) ? `${until} 前取消，费用原路退回` : `已过免费取消时间（${until}），现在取消费用不予退还`
}

type DetailProps = { booking: BookingDetailDto; notice?: string; onChanged: (b: BookingDetailDto, notice?: string) => void; onReload: () => Promise<void> }

function Detail({ booking: b, notice, onChanged, onReload }: DetailProps) {
  const upcoming = UPCOMING.includes(b.status)
  const holdLeft = useCountdown(b.status === 'awaiting_payment' ? b.holdUntil : null)
  return (
    <View id='booking-detail'>
      {notice && b.feeFen > 0 ? <View className='banner banner--ok' role='status' id='booking-notice'>{notice}</View> : null}
      <View className='card' id='booking-card'>
        <View className='item__head'>
          <View className='card__title'>{b.service.name}</View>
          <BookingStatusTag id='booking-status' status={b.status} label={b.statusLabel} />
        </View>
        <View className={`booking-code-box${upcoming ? '' : ' booking-code-box--past'}`}>
          <View className='muted'>预约码</View>
          <View className='booking-code' id='booking-code' aria-label={`预约码 ${b.code.split('').join(' ')}`}>{b.code}</View>
          {upcoming ? <QrCode id='booking-qr' text={b.code} label={`预约码 ${b.code} 的二维码`} /> : null}
          {upcoming ? <View className='muted'>到窗口时出示预约码或二维码</View> : null}
        </View>
        {b.status === 'awaiting_payment' ? (
          <View className='banner banner--error' id='hold-countdown' role='timer'>
            {holdLeft ? `请在 ${holdLeft} 内完成支付，逾期未支付名额会自动释放` : '支付时间已到，名额即将释放，请下拉刷新查看'}
          </View>
        ) : null}
        <InfoRow label='时间' id='booking-when'>{b.whenText}</InfoRow>
        <InfoRow label={b.address ? '上门地址' : '地点'} id='booking-place'>{b.address ?? b.service.department}</InfoRow>
        {b.note ? <InfoRow label='备注'>{b.note}</InfoRow> : null}
        <InfoRow label='费用'>{b.feeFen > 0 ? b.service.feeText : '免费'}</InfoRow>
        {b.payment ? (
          <InfoRow label='支付' id='booking-payment'>{`${b.payment.statusLabel}${b.payment.paidAt ? `（${formatDateTime(b.payment.paidAt)}）` : ''}`}</InfoRow>
        ) : null}
        {b.payment?.refund ? <InfoRow label='退款' id='booking-refund'>{b.payment.refund.statusLabel}</InfoRow> : null}
        {b.checkedInAt ? <InfoRow label='签到时间'>{formatDateTime(b.checkedInAt)}</InfoRow> : null}
        {upcoming && b.feeFen > 0 ? <View className='muted booking-free-cancel' id='booking-free-cancel'>{freeCancelText(b, Date.now())}</View> : null}
        {b.status === 'cancelled' ? (
          <View className='banner banner--info' id='booking-cancelled'>
            {`${b.cancelledBy === 'staff' ? '社区已取消此预约' : b.cancelledBy === 'system' ? '此预约已由系统取消' : '您已取消此预约'}${b.cancelReason ? `：${b.cancelReason}` : ''}`}
          </View>
        ) : null}
      </View>

      <BookingActions booking={b} onChanged={onChanged} onReload={onReload} />

      {b.materials.length > 0 || upcoming ? <MaterialsChecklist serviceId={b.service.id} materials={b.materials} /> : null}
    </View>
  )
}
