import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import { maskName } from '../../core/pii.ts'
import { formatShanghai, SHANGHAI_OFFSET_MS } from '../../core/time.ts'
import { feeText, presentMaterials } from '../services/service.presenter.ts'
import { bookingPolicies } from './booking.policy.ts'
import type { BookingRow } from './booking.rows.ts'
import {
  BOOKING_STATUS_LABELS, REFUND_STATUS_LABELS, type BookingDetailView, type BookingView, type DeskBookingView,
} from './booking.schema.ts'

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']
const ORDER_LABELS = { created: '待支付', paid: '已支付', closed: '已关闭', refunded: '已退款' } as const


/** 「12月3日 周四 09:00–09:30」 (Asia/Shanghai). */
export function whenText(startsAt: Date, endsAt: Date): string {
  const weekday = WEEKDAYS[new Date(startsAt.getTime() + SHANGHAI_OFFSET_MS).getUTCDay()]
  return `${formatShanghai(startsAt, 'M月D日')} ${weekday} ${formatShanghai(startsAt, 'HH:mm')}–${formatShanghai(endsAt, 'HH:mm')}`
}


/** Until when cancelling is free (and refunded). */
export const freeCancelUntil = (b: Pick<BookingRow, 'startsAt' | 'service'>) => new Date(b.startsAt.getTime() - b.service.freeCancelHours * 3600_000)

export function presentBooking(actor: Actor, b: BookingRow, now: Date): z.output<typeof BookingView> {
  return {
    id: b.id,
    code: b.code,
    status: b.status,
    statusLabel: BOOKING_STATUS_LABELS[b.status],
    service: {
      id: b.serviceId, name: b.service.name, department: b.service.department, homeService: b.service.homeService,
      feeFen: b.service.feeFen, feeText: feeText(b.service.feeFen),
    },
    slot: { id: b.slotId, startsAt: b.startsAt.toISOString(), endsAt: b.endsAt.toISOString() },
    whenText: whenText(b.startsAt, b.endsAt),
    note: b.note,
    address: b.address,
    feeFen: b.feeFen,
    holdUntil: b.status === 'awaiting_payment' && b.holdUntil ? b.holdUntil.toISOString() : null,
    freeCancelUntil: freeCancelUntil(b).toISOString(),
    payment: b.order && {
      status: b.order.status,
      statusLabel: ORDER_LABELS[b.order.status],
      paidAt: b.order.paidAt?.toISOString() ?? null,
      refund: b.order.refundStatus ? { status: b.order.refundStatus, statusLabel: REFUND_STATUS_LABELS[b.order.refundStatus] } : null,
    },
    cancelReason: b.cancelReason,
    cancelledBy: b.cancelledBy,
    createdAt: b.createdAt.toISOString(),
    checkedInAt: b.checkedInAt?.toISOString() ?? null,
    allowedActions: bookingPolicies(actor, b, now),
  }
}

export function presentBookingDetail(actor: Actor, b: BookingRow, now: Date): z.output<typeof BookingDetailView> {
  return { ...presentBooking(actor, b, now), materials: presentMaterials(b.service.materials) }
}

/** A row of the window's day list: the resident masked. */
export function presentDeskBooking(actor: Actor, b: BookingRow, now: Date): z.output<typeof DeskBookingView> {
  return {
    ...presentBooking(actor, b, now),
    resident: { name: maskName(b.resident.realName ?? b.resident.displayName), phoneMasked: b.resident.phoneMasked },
  }
}
