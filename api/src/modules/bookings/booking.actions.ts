import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import type { Tx } from '../../core/db.ts'
import { AppError, conflict, forbidden, invalid, isUniqueViolation, unprocessable } from '../../core/errors.ts'
import { formatShanghai } from '../../core/time.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { openPayment, sendPendingRefunds } from '../payments/payment.service.ts'
import { endBooking, factsOf, freeSeat, lockBookings, takeSeat, type LockedBooking } from './booking.lifecycle.ts'
import { notifyBooking, what } from './booking.notify.ts'
import { ACTION_LABELS, bookingPolicies, isOwner, TRANSITIONS, whenPolicy, whoPolicy, type BookingAction } from './booking.policy.ts'
import { freeCancelUntil, presentBookingDetail } from './booking.presenter.ts'
import { loadVisible } from './booking.read.ts'
import type { BookingRow } from './booking.rows.ts'
import { BOOKING_STATUS_LABELS, type BookingStatus, type CancelBookingBody } from './booking.schema.ts'
import { alreadyBooked, checkSlotBookable, loadSlot, retryDeadlock, slotFull } from './booking.slots.ts'

/** Load (404 if not visible) → state (409 with the caller's allowed actions) → who (403) → when (422). */
async function checked(deps: Deps, actor: Actor, id: number, action: BookingAction): Promise<{ row: BookingRow; now: Date }> {
  const row = await loadVisible(deps, actor, id)
  const now = deps.now()
  if (!(TRANSITIONS[action] as readonly BookingStatus[]).includes(row.status)) {
    const allowed = Object.entries(bookingPolicies(actor, row, now)).filter(([, ok]) => ok).map(([a]) => a)
    throw conflict('BOOKING_STATE', `预约当前为「${BOOKING_STATUS_LABELS[row.status]}」，不能${ACTION_LABELS[action]}`, { status: row.status, allowedActions: allowed })
  }
  const who = whoPolicy[action](actor, row)
  if (who !== true) throw forbidden(who)
  const when = whenPolicy[action](row, now)
  if (when !== true) throw unprocessable('BOOKING_TIME', when)
  return { row, now }
}

/** The booking locked FOR UPDATE, unchanged since it was checked (else 409: someone else acted first). */
async function lockUnchanged(tx: Tx, row: BookingRow): Promise<LockedBooking> {
  const [b] = await lockBookings(tx, Prisma.sql`b.id = ${row.id}`)
  if (!b || b.version !== row.version || b.status !== row.status) throw conflict('BOOKING_CHANGED', '该预约刚刚发生了变化，请刷新后再试')
  return b
}

const detailOf = async (deps: Deps, actor: Actor, id: number) => presentBookingDetail(actor, await loadVisible(deps, actor, id), deps.now())

const kick = (deps: Deps) => {
  void sendPendingRefunds(deps).catch((e) => deps.log.warn('sending refunds after a cancellation failed', { error: (e as Error).message }))
}

/**
 * Cancels a booking: the resident before the slot starts; staff of the community with a reason
 * (the resident is told). The seat is freed. Paid: refunded when cancelled before the free-cancel
 * deadline or by staff; cancelled later by the resident, it is not refunded (the answer's
 * `notice` says so, the client warns first). Unpaid: the order is closed.
 */
export async function cancelBooking(deps: Deps, actor: Actor, id: number, body: z.output<typeof CancelBookingBody>, origin: AuditOrigin) {
  const { row, now } = await checked(deps, actor, id, 'cancel')
  const byOwner = isOwner(actor, row)
  if (!byOwner && !body.reason) throw invalid('reason', '请填写取消原因（会告知居民）')
  const inFreeWindow = now < freeCancelUntil(row)
  const refund = !byOwner || inFreeWindow
  const result = await retryDeadlock(deps, () => deps.db.$transaction(async (tx) => {
    const b = await lockUnchanged(tx, row)
    const r = await endBooking(tx, b, { status: 'cancelled', by: byOwner ? 'resident' : 'staff', reason: body.reason ?? null, refund, now })
    if (!byOwner) {
      const money = r.refundQueued ? '已支付的费用将原路退回。' : ''
      await notifyBooking(tx, deps.config, {
        userIds: [b.user_id], booking: factsOf(b), event: 'cancelled', kind: 'booking_cancelled', now,
        title: '预约已取消', body: `您预约的${what(factsOf(b))}已由社区取消，原因：${body.reason}。${money}`,
      })
    }
    await audit(tx, {
      actor, action: 'booking.cancel', resourceType: 'booking', resourceId: id, result: 'success',
      details: { by: byOwner ? 'resident' : 'staff', refundQueued: r.refundQueued, paid: r.wasPaid },
    }, origin)
    return r
  }))
  if (result.refundQueued) kick(deps)
  const notice = result.refundQueued ? '预约已取消，已支付的费用将原路退回（一般1–3个工作日到账）。'
    : result.wasPaid ? `预约已取消。已超过免费取消时间（${formatShanghai(freeCancelUntil(row), 'M月D日 HH:mm')}前），费用不予退还。`
    : row.status === 'awaiting_payment' ? '预约已取消，无需再支付。' : '预约已取消。'
  return { ...(await detailOf(deps, actor, id)), refundQueued: result.refundQueued, notice }
}

/**
 * Moves the booking to another slot of the same service in one transaction: the booking locked,
 * then both slots in id order; the target's counter taken conditionally (409 SLOT_FULL), the
 * booking moved (unique seat key → 409 ALREADY_BOOKED), the old seat freed. Never both, never neither.
 */
export async function rescheduleBooking(deps: Deps, actor: Actor, id: number, slotId: number, origin: AuditOrigin) {
  const { row, now } = await checked(deps, actor, id, 'reschedule')
  const target = await loadSlot(deps.db, slotId)
  if (!target) throw invalid('slotId', '该时段不存在，请刷新后重新选择')
  if (target.serviceId !== row.serviceId) throw invalid('slotId', '只能改约同一服务的时段')
  if (target.id === row.slotId) throw invalid('slotId', '这就是您现在预约的时段，请选择其他时段')
  checkSlotBookable(target, now)
  await retryDeadlock(deps, () => deps.db.$transaction(async (tx) => {
    const b = await lockUnchanged(tx, row)
    if (b.seat_slot_id !== b.slot_id) throw conflict('BOOKING_CHANGED', '该预约刚刚发生了变化，请刷新后再试')
    await tx.$queryRaw`SELECT id FROM service_slots WHERE id IN (${b.slot_id}, ${target.id}) ORDER BY id FOR UPDATE`
    if (!(await takeSeat(tx, target.id))) throw await slotFull(tx, target, now)
    try {
      const moved = await tx.$executeRaw`UPDATE bookings SET slot_id = ${target.id}, seat_slot_id = ${target.id},
          reminded_evening_at = NULL, reminded_hour_at = NULL, version = version + 1, updated_at = ${now}
        WHERE id = ${b.id} AND version = ${b.version}`
      if (moved !== 1) throw conflict('BOOKING_CHANGED', '该预约刚刚发生了变化，请刷新后再试')
    } catch (e) {
      if (isUniqueViolation(e)) throw alreadyBooked()
      throw e
    }
    await freeSeat(tx, b.slot_id)
    await audit(tx, {
      actor, action: 'booking.reschedule', resourceType: 'booking', resourceId: id, result: 'success', details: { from: b.slot_id, to: target.id },
    }, origin)
  }))
  return detailOf(deps, actor, id)
}

/** The `wx.requestPayment` parameters of the caller's booking awaiting payment (P's openPayment). */
export async function payBooking(deps: Deps, actor: Actor, id: number) {
  await checked(deps, actor, id, 'pay')
  return openPayment(deps, id)
}

type Change = { set: Prisma.Sql; tell?: (b: LockedBooking) => { event: string; kind: string; title: string; body: string } }

/** A staff step: one conditional update of the locked, unchanged booking, its message and audit entry. */
async function staffStep(deps: Deps, actor: Actor, row: BookingRow, now: Date, action: BookingAction, change: Change, origin: AuditOrigin) {
  await retryDeadlock(deps, () => deps.db.$transaction(async (tx) => {
    const b = await lockUnchanged(tx, row)
    const n = await tx.$executeRaw`UPDATE bookings SET ${change.set}, version = version + 1, updated_at = ${now} WHERE id = ${b.id} AND version = ${b.version}`
    if (n !== 1) throw conflict('BOOKING_CHANGED', '该预约刚刚发生了变化，请刷新后再试')
    const t = change.tell?.(b)
    if (t) await notifyBooking(tx, deps.config, { userIds: [b.user_id], booking: factsOf(b), now, ...t })
    await audit(tx, { actor, action: `booking.${action}`, resourceType: 'booking', resourceId: b.id, result: 'success' }, origin)
  }))
  return detailOf(deps, actor, row.id)
}

export async function confirmBooking(deps: Deps, actor: Actor, id: number, origin: AuditOrigin) {
  const { row, now } = await checked(deps, actor, id, 'confirm')
  return staffStep(deps, actor, row, now, 'confirm', {
    set: Prisma.sql`status = 'confirmed', confirmed_at = ${now}`,
    tell: (b) => ({
      event: 'confirmed', kind: 'booking_confirmed', title: '预约已确认',
      body: `社区已确认您预约的${what(factsOf(b))}，请按时到${b.department}办理，出示预约码 ${b.code}。`,
    }),
  }, origin)
}

/** Check-in at the window by the code the resident shows (the QR code holds it too). */
export async function checkInBooking(deps: Deps, actor: Actor, id: number, code: string, origin: AuditOrigin) {
  const { row, now } = await checked(deps, actor, id, 'checkIn')
  if (code !== row.code) throw new AppError(422, 'CODE_MISMATCH', 'code: 预约码不正确，请核对', { fields: [{ field: 'code', message: '预约码不正确，请核对' }] })
  return staffStep(deps, actor, row, now, 'checkIn', { set: Prisma.sql`status = 'checked_in', checked_in_at = ${now}, checked_in_by = ${actor.id}` }, origin)
}

export async function completeBooking(deps: Deps, actor: Actor, id: number, origin: AuditOrigin) {
  const { row, now } = await checked(deps, actor, id, 'complete')
  return staffStep(deps, actor, row, now, 'complete', {
    set: Prisma.sql`status = 'completed', completed_at = ${now}`,
    tell: (b) => ({ event: 'completed', kind: 'booking_completed', title: '事项已办结', body: `您预约的${what(factsOf(b))}已办结，感谢您的配合。` }),
  }, origin)
}

/** No-show: the seat stays counted (the slot has passed); three within the window block new bookings. */
export async function noShowBooking(deps: Deps, actor: Actor, id: number, origin: AuditOrigin) {
  const { row, now } = await checked(deps, actor, id, 'noShow')
  const { noShowLimit, noShowWindowDays, noShowBlockDays } = deps.config.booking
  return staffStep(deps, actor, row, now, 'noShow', {
    set: Prisma.sql`status = 'no_show', no_show_at = ${now}`,
    tell: (b) => ({
      event: 'no_show', kind: 'booking_no_show', title: '预约未到场',
      body: `您预约的${what(factsOf(b))}未到场。${noShowWindowDays}天内累计${noShowLimit}次未到场，将暂停预约${noShowBlockDays}天；如不能前往，请提前取消。`,
    }),
  }, origin)
}
