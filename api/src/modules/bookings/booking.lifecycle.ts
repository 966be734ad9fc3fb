import type { Deps } from '../../core/context.ts'
import type { RawTx, Tx } from '../../core/db.ts'
import { conflict } from '../../core/errors.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { closeUnpaidOrder, queueRefund } from '../payments/payment.service.ts'
import { communityStaff, notifyBooking, what, type BookingFacts } from './booking.notify.ts'
import { UPCOMING, type BookingStatus } from './booking.schema.ts'

/**
 * What happens to a booking's seat and payment when it ends early (cancelled, expired, its slot
 * closed, the account deleted) or when its payment arrives. Every function runs inside the
 * caller's transaction; the booking row is locked first, then its payment order (P's functions),
 * and the slot counter moves by a conditional update.
 */

/** A booking row locked FOR UPDATE, with what messages about it name. */
export type LockedBooking = {
  id: number; status: BookingStatus; slot_id: number; seat_slot_id: number | null; user_id: number; community_id: number
  fee_fen: number; version: number; code: string; service_name: string; department: string; starts_at: Date; ends_at: Date
}

const LOCK_COLUMNS = Prisma.sql`b.id, b.status, b.slot_id, b.seat_slot_id, b.user_id, b.community_id, b.fee_fen, b.version, b.code`

/**
 * Locks bookings (only the booking rows: the service and slot are read without locks, in a
 * second statement, so no slot row is locked out of order).
 */
export async function lockBookings(tx: Tx, where: Prisma.Sql): Promise<LockedBooking[]> {
  const rows = await tx.$queryRaw<Omit<LockedBooking, 'service_name' | 'department' | 'starts_at' | 'ends_at'>[]>`
    SELECT ${LOCK_COLUMNS} FROM bookings b WHERE ${where} ORDER BY b.id FOR UPDATE`
  if (!rows.length) return []
  const slotIds = [...new Set(rows.map((r) => Number(r.slot_id)))]
  const slots = await tx.$queryRaw<{ id: number; starts_at: Date; ends_at: Date; name: string; department: string }[]>`
    SELECT sl.id, sl.starts_at, sl.ends_at, s.name, s.department FROM service_slots sl JOIN services s ON s.id = sl.service_id
    WHERE sl.id IN (${Prisma.join(slotIds)})`
  const byId = new Map(slots.map((s) => [Number(s.id), s]))
  return rows.map((r) => {
    const s = byId.get(Number(r.slot_id))!
    return {
      ...r, id: Number(r.id), slot_id: Number(r.slot_id), seat_slot_id: r.seat_slot_id == null ? null : Number(r.seat_slot_id),
      user_id: Number(r.user_id), community_id: Number(r.community_id), fee_fen: Number(r.fee_fen), version: Number(r.version),
      service_name: s.name, department: s.department, starts_at: s.starts_at, ends_at: s.ends_at,
    }
  })
}

export const factsOf = (b: LockedBooking): BookingFacts => ({
  id: b.id, code: b.code, serviceName: b.service_name, department: b.department, startsAt: b.starts_at, endsAt: b.ends_at,
})

/** One seat of a slot given back. A counter already at 0 means the invariant broke: roll back. */
export async function freeSeat(tx: Tx, slotId: number): Promise<void> {
  const n = await tx.$executeRaw`UPDATE service_slots SET booked = booked - 1 WHERE id = ${slotId} AND booked > 0`
  if (n !== 1) throw new Error(`seat counter of slot ${slotId} is already 0 while a booking held a seat`)
}

/** One seat of a slot taken, if it is open and has room; false otherwise (nothing changed). */
export async function takeSeat(tx: RawTx, slotId: number): Promise<boolean> {
  const n = await tx.$executeRaw`UPDATE service_slots SET booked = booked + 1 WHERE id = ${slotId} AND status = 'open' AND booked < capacity`
  return n === 1
}

export type EndResult = { refundQueued: boolean; wasPaid: boolean }

/**
 * Ends a locked upcoming booking: cancelled (by the resident, staff or the system) or expired
 * (an unpaid hold ran out). Conditional on the version read under the lock; the seat is freed,
 * an unpaid order closed, a paid one refunded when `refund` says so.
 */
export async function endBooking(
  tx: Tx, b: LockedBooking,
  e: { status: 'cancelled' | 'expired'; by: 'resident' | 'staff' | 'system'; reason: string | null; refund: boolean; now: Date },
): Promise<EndResult> {
  if (!UPCOMING.includes(b.status)) throw conflict('BOOKING_CHANGED', '该预约刚刚发生了变化，请刷新后再试')
  const cancelled = e.status === 'cancelled'
  // The seat first: its UPDATE takes the slot row's exclusive lock before the booking's own update
  // touches index entries that make InnoDB lock the slot row shared. The other order let two
  // cancellations of one slot each hold the shared lock and wait for the other (deadlock, 500).
  if (b.seat_slot_id != null) await freeSeat(tx, b.seat_slot_id)
  const changed = await tx.$executeRaw`UPDATE bookings SET status = ${e.status}, seat_slot_id = NULL, hold_until = NULL,
      cancelled_at = ${cancelled ? e.now : null}, cancelled_by = ${cancelled ? e.by : null}, cancel_reason = ${cancelled ? e.reason : null},
      version = version + 1, updated_at = ${e.now}
    WHERE id = ${b.id} AND version = ${b.version} AND status = ${b.status}`
  if (changed !== 1) throw conflict('BOOKING_CHANGED', '该预约刚刚发生了变化，请刷新后再试')
  if (b.fee_fen <= 0) return { refundQueued: false, wasPaid: false }
  if (b.status === 'awaiting_payment') {
    await closeUnpaidOrder(tx, b.id, e.now)
    return { refundQueued: false, wasPaid: false }
  }
  const refundQueued = e.refund ? await queueRefund(tx, b.id, e.reason ? `预约取消：${e.reason}` : '预约取消', e.now) : false
  return { refundQueued, wasPaid: true }
}

/**
 * Staff closed a slot (inside their transaction, after they locked the slot): every upcoming
 * booking holding a seat in it is cancelled by staff with the reason, its seat freed, a paid one
 * refunded, and the resident told. Returns how many. The caller sends the refunds after commit.
 */
export async function releaseSlotBookings(tx: Tx, deps: Deps, slotId: number, reason: string, now: Date): Promise<number> {
  const rows = await lockBookings(tx, Prisma.sql`b.seat_slot_id = ${slotId} AND b.status IN (${Prisma.join(UPCOMING)})`)
  for (const b of rows) {
    const r = await endBooking(tx, b, { status: 'cancelled', by: 'staff', reason, refund: true, now })
    const money = r.refundQueued ? '已支付的费用将原路退回。' : b.status === 'awaiting_payment' ? '无需再支付。' : ''
    await notifyBooking(tx, deps.config, {
      userIds: [b.user_id], booking: factsOf(b), event: 'cancelled', kind: 'booking_cancelled', now,
      title: '预约已取消', body: `很抱歉，您预约的${what(factsOf(b))}因「${reason}」已取消。${money}可重新选择其他时段预约。`,
    })
  }
  return rows.length
}

/**
 * The payment of a booking arrived (P's notification handler or reconciliation, inside its
 * transaction): an `awaiting_payment` booking becomes confirmed (pending when staff must confirm),
 * its hold ends, the resident (and for pending, the staff) are told. `not_awaiting` when the
 * booking had already expired or been cancelled (the caller refunds).
 */
export async function markBookingPaid(tx: Tx, deps: Deps, bookingId: number, now: Date): Promise<'confirmed' | 'pending' | 'not_awaiting'> {
  const [b] = await lockBookings(tx, Prisma.sql`b.id = ${bookingId}`)
  if (!b || b.status !== 'awaiting_payment') return 'not_awaiting'
  const [svc] = await tx.$queryRaw<{ requires_confirmation: unknown }[]>`SELECT s.requires_confirmation FROM bookings b
    JOIN services s ON s.id = b.service_id WHERE b.id = ${bookingId}`
  const pending = Number(svc.requires_confirmation) === 1 || svc.requires_confirmation === true
  const status = pending ? 'pending' : 'confirmed'
  const changed = await tx.$executeRaw`UPDATE bookings SET status = ${status}, hold_until = NULL, confirmed_at = ${pending ? null : now},
      version = version + 1, updated_at = ${now}
    WHERE id = ${bookingId} AND status = 'awaiting_payment'`
  if (changed !== 1) return 'not_awaiting'
  const facts = factsOf(b)
  await notifyBooking(tx, deps.config, {
    userIds: [b.user_id], booking: facts, event: 'paid', kind: pending ? 'booking_submitted' : 'booking_confirmed', now,
    title: pending ? '支付成功，等待社区确认' : '预约成功',
    body: pending
      ? `您预约的${what(facts)}已支付，社区确认后会再通知您。预约码 ${b.code}。`
      : `您预约的${what(facts)}已支付并预约成功，请按时到${b.department}办理，出示预约码 ${b.code}。`,
  })
  if (pending) {
    await notifyBooking(tx, deps.config, {
      userIds: await communityStaff(tx, b.community_id), booking: facts, event: 'to_confirm', kind: 'booking_to_confirm', forStaff: true, now,
      title: '有新的预约待确认', body: `${what(facts)}有一位居民预约并已支付，请确认。`,
    })
  }
  return status
}

/**
 * Account deletion (inside its transaction): every upcoming booking of the user is cancelled, its
 * seat freed and a paid one refunded. Returns how many; the caller sends the refunds after commit.
 */
export async function cancelBookingsOfUser(tx: Tx, userId: number, now: Date): Promise<number> {
  const rows = await lockBookings(tx, Prisma.sql`b.user_id = ${userId} AND b.status IN (${Prisma.join(UPCOMING)})`)
  for (const b of rows) await endBooking(tx, b, { status: 'cancelled', by: 'resident', reason: '账号注销', refund: true, now })
  return rows.length
}
