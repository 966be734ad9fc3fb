import type { DbOrTx, RawTx } from '../../core/db.ts'
import { AppError, conflict, invalid } from '../../core/errors.ts'
import { formatShanghai } from '../../core/time.ts'
import { bookingWindow, nextSlotsWithRoom } from './booking.rules.ts'

/** A slot with the service rules a booking of it is checked against. */
export type SlotForBooking = {
  id: number; serviceId: number; startsAt: Date; endsAt: Date; status: 'open' | 'closed'
  /** As read, without a lock: a hint (a full slot is refused before any transaction), never the decision. */
  booked: number; capacity: number
  service: {
    id: number; communityId: number; name: string; department: string; eligibility: string; eligibleFlags: unknown; feeFen: number
    active: boolean; bookAheadDays: number; minNoticeMinutes: number; requiresConfirmation: boolean; homeService: boolean
  }
}

const bool = (v: unknown) => v === true || Number(v) === 1

export async function loadSlot(db: DbOrTx, slotId: number): Promise<SlotForBooking | null> {
  const [r] = await db.$queryRaw<Record<string, unknown>[]>`SELECT sl.id, sl.service_id, sl.starts_at, sl.ends_at, sl.status, sl.booked, sl.capacity,
      s.community_id, s.name, s.department, s.eligibility, s.eligible_flags, s.fee_fen, s.active, s.book_ahead_days, s.min_notice_minutes,
      s.requires_confirmation, s.home_service
    FROM service_slots sl JOIN services s ON s.id = sl.service_id WHERE sl.id = ${slotId}`
  if (!r) return null
  return {
    id: Number(r.id), serviceId: Number(r.service_id), startsAt: r.starts_at as Date, endsAt: r.ends_at as Date, status: r.status as 'open' | 'closed',
    booked: Number(r.booked), capacity: Number(r.capacity),
    service: {
      id: Number(r.service_id), communityId: Number(r.community_id), name: String(r.name), department: String(r.department),
      eligibility: String(r.eligibility), eligibleFlags: r.eligible_flags, feeFen: Number(r.fee_fen), active: bool(r.active),
      bookAheadDays: Number(r.book_ahead_days), minNoticeMinutes: Number(r.min_notice_minutes),
      requiresConfirmation: bool(r.requires_confirmation), homeService: bool(r.home_service),
    },
  }
}

/** 422 naming slotId with the reason (a slot that exists but cannot be booked now). */
export const slotRefused = (code: string, message: string) =>
  new AppError(422, code, `slotId: ${message}`, { fields: [{ field: 'slotId', message }] })

const noticeText = (minutes: number) =>
  minutes % 1440 === 0 ? `${minutes / 1440}天` : minutes % 60 === 0 ? `${minutes / 60}小时` : `${minutes}分钟`

/** Throws unless the slot is open, not started, and inside the service's booking window now. */
export function checkSlotBookable(slot: SlotForBooking, now: Date): void {
  if (!slot.service.active) throw slotRefused('SERVICE_INACTIVE', '该服务已停止预约')
  if (slot.status !== 'open') throw slotRefused('SLOT_CLOSED', '该时段已关闭，请选择其他时段')
  if (slot.startsAt <= now) throw slotRefused('SLOT_PAST', '该时段已过，请选择其他时段')
  const { earliest, latest } = bookingWindow(slot.service, now)
  if (slot.startsAt < earliest) throw slotRefused('SLOT_TOO_SOON', `该服务需至少提前${noticeText(slot.service.minNoticeMinutes)}预约，请选择其他时段`)
  if (slot.startsAt >= latest) {
    throw slotRefused('SLOT_TOO_FAR', `该服务最多可提前${slot.service.bookAheadDays}天预约（可约到${formatShanghai(new Date(latest.getTime() - 1), 'M月D日')}），请稍后再约`)
  }
}

/** 409 SLOT_FULL with the next slots of the service that have room (within the booking window). */
export async function slotFull(db: RawTx, slot: SlotForBooking, now: Date): Promise<AppError> {
  const { earliest, latest } = bookingWindow(slot.service, now)
  const next = (await nextSlotsWithRoom(db, slot.serviceId, earliest, 5)).filter((s) => s.startsAt < latest && s.id !== slot.id).slice(0, 3)
  return conflict('SLOT_FULL', next.length ? '该时段已约满，可以选择下面有空位的时段' : '该时段已约满，近期暂无空位，请稍后再看', {
    nextSlots: next.map((s) => ({ id: s.id, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), remaining: s.remaining })),
  })
}

export const alreadyBooked = () => conflict('ALREADY_BOOKED', '你已预约该时段')

/** Which unique key a duplicate-entry error hit (MariaDB names it in the message). */
export function duplicateKey(e: unknown): string | null {
  const text = `${(e as Error)?.message ?? ''} ${safeJson(e)}`
  const m = /bookings_(code|seat_slot_user)_key/.exec(text)
  return m ? m[0] : null
}

function safeJson(e: unknown): string {
  try {
    return JSON.stringify(e) ?? ''
  } catch {
    return ''
  }
}

export { retryDeadlock } from '../../core/db.ts'

/** An invalid-input helper for the household of a home service. */
export const householdInvalid = (message: string) => invalid('householdId', message)
