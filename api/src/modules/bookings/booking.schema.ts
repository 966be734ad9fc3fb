import { z } from 'zod'
import { PageQuery } from '../../http/schemas.ts'
import { MaterialView } from '../services/service.schema.ts'

/** Labels shown by every client (the mini-program reads them from the API, never retypes them). */
export const BOOKING_STATUS_LABELS = {
  awaiting_payment: '待支付',
  pending: '待确认',
  confirmed: '已预约',
  checked_in: '已签到',
  completed: '已办结',
  no_show: '未到场',
  cancelled: '已取消',
  expired: '未支付已失效',
} as const
export type BookingStatus = keyof typeof BOOKING_STATUS_LABELS

/** Statuses in which a booking holds a seat of its slot (seat_slot_id set). */
export const SEAT_HOLDING: readonly BookingStatus[] = ['awaiting_payment', 'pending', 'confirmed', 'checked_in', 'completed', 'no_show']
/** Statuses still ahead of the visit (cancel, reschedule, reminders). */
export const UPCOMING: readonly BookingStatus[] = ['awaiting_payment', 'pending', 'confirmed']

export const REFUND_STATUS_LABELS = {
  pending: '退款待发起', processing: '退款中', success: '已退款', closed: '退款关闭', abnormal: '退款异常',
} as const

const Text = (what: string, min: number, max: number) =>
  z.string().trim().min(min, `${what}至少${min}个字`).max(max, `${what}不能超过${max}个字`)

/** Booking codes: 8 characters of an alphabet without look-alikes (no 0/O, 1/I/L). */
export const BOOKING_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const BookingCode = z.string().trim().toUpperCase().regex(/^[2-9A-HJKMNP-Z]{8}$/, '预约码为8位字母或数字')

/** POST /bookings (Idempotency-Key). `householdId`: the place of a home service (one of mine). */
export const CreateBookingBody = z.object({
  slotId: z.number().int().positive(),
  note: Text('备注', 1, 200).optional(),
  householdId: z.number().int().positive().optional(),
}).strict()

export const CancelBookingBody = z.object({ reason: Text('取消原因', 1, 200).optional() }).strict()
export const RescheduleBody = z.object({ slotId: z.number().int().positive() }).strict()
/** POST /bookings/:id/check-in: the code the resident shows (or the QR code scanned). */
export const CheckInBody = z.object({ code: BookingCode }).strict()
export const LookupQuery = z.object({ code: BookingCode }).strict()
export const Empty = z.object({}).strict()

export const BookingListQuery = PageQuery.extend({
  /** upcoming: not yet visited (awaiting payment, pending, confirmed); past: everything else. */
  when: z.enum(['upcoming', 'past', 'all']).default('all'),
}).strict()

/** GET /service-desk/day: the day's bookings of a community's window (staff). */
export const DayListQuery = z.object({
  communityId: z.coerce.number().int().positive(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD'),
  /** 部门/窗口 as in the services; omitted: every window. */
  department: z.string().trim().min(1).max(64).optional(),
}).strict()

// ── views ──

const Instant = z.string()

/** What `wx.requestPayment` / `Taro.requestPayment` takes. */
export const RequestPaymentView = z.object({
  timeStamp: z.string(),
  nonceStr: z.string(),
  package: z.string(),
  signType: z.literal('RSA'),
  paySign: z.string(),
})

export const BookingPolicies = z.object({
  cancel: z.boolean(),
  reschedule: z.boolean(),
  pay: z.boolean(),
  confirm: z.boolean(),
  checkIn: z.boolean(),
  complete: z.boolean(),
  noShow: z.boolean(),
})

export const BookingView = z.object({
  id: z.number().int(),
  code: z.string(),
  status: z.enum(Object.keys(BOOKING_STATUS_LABELS) as [BookingStatus, ...BookingStatus[]]),
  statusLabel: z.string(),
  service: z.object({
    id: z.number().int(), name: z.string(), department: z.string(), homeService: z.boolean(), feeFen: z.number().int(), feeText: z.string(),
  }),
  slot: z.object({ id: z.number().int(), startsAt: Instant, endsAt: Instant }),
  /** e.g. 「12月3日 周四 09:00–09:30」 */
  whenText: z.string(),
  note: z.string().nullable(),
  /** A home service's place (building and room), for the resident and staff in scope. */
  address: z.string().nullable(),
  feeFen: z.number().int(),
  /** When an unpaid booking gives its seat back. */
  holdUntil: Instant.nullable(),
  /** Until when cancelling is free (and refunded). */
  freeCancelUntil: Instant,
  payment: z.object({
    status: z.enum(['created', 'paid', 'closed', 'refunded']),
    statusLabel: z.string(),
    paidAt: Instant.nullable(),
    refund: z.object({ status: z.enum(['pending', 'processing', 'success', 'closed', 'abnormal']), statusLabel: z.string() }).nullable(),
  }).nullable(),
  cancelReason: z.string().nullable(),
  cancelledBy: z.enum(['resident', 'staff', 'system']).nullable(),
  createdAt: Instant,
  checkedInAt: Instant.nullable(),
  allowedActions: BookingPolicies,
})

/** The detail adds the materials checklist to bring. */
export const BookingDetailView = BookingView.extend({ materials: z.array(MaterialView) })

/** POST /bookings answer: the booking and, for a paid service, what to pass to requestPayment. */
export const CreatedBookingView = BookingDetailView.extend({ requestPayment: RequestPaymentView.nullable() })

/** A row of the window's day list: the resident masked (张*明, 138****0000). */
export const DeskBookingView = BookingView.extend({
  resident: z.object({ name: z.string(), phoneMasked: z.string().nullable() }),
})

/** 409 SLOT_FULL details: the next slots of the service with room. */
export const NextSlotsDetails = z.object({
  nextSlots: z.array(z.object({ id: z.number().int(), startsAt: Instant, endsAt: Instant, remaining: z.number().int() })),
})

/** POST /bookings/:id/cancel answer: the booking, whether a refund was queued, and what to tell the resident. */
export const CancelResultView = BookingDetailView.extend({
  refundQueued: z.boolean(),
  /** e.g. 「预约已取消，已支付的费用将原路退回」 or that a late cancellation is not refunded. */
  notice: z.string(),
})
