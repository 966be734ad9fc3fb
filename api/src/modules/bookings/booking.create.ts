import { randomInt } from 'node:crypto'
import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import type { SqlUnitOfWork } from '../../core/db.ts'
import { AppError, forbidden, invalid, isUniqueViolation } from '../../core/errors.ts'
import { openPayment } from '../payments/payment.service.ts'
import { communityStaff, notifyBooking, what } from './booking.notify.ts'
import { presentBookingDetail } from './booking.presenter.ts'
import { bookingById } from './booking.rows.ts'
import { bookability } from './booking.rules.ts'
import { BOOKING_CODE_ALPHABET, type CreateBookingBody, type CreatedBookingView } from './booking.schema.ts'
import { alreadyBooked, checkSlotBookable, duplicateKey, loadSlot, retryDeadlock, slotFull } from './booking.slots.ts'
import { takeSeat } from './booking.lifecycle.ts'

type Input = z.output<typeof CreateBookingBody>
type Created = z.output<typeof CreatedBookingView>

/** 8 characters of the booking-code alphabet, from the CSPRNG. */
export function newBookingCode(): string {
  let s = ''
  for (let i = 0; i < 8; i++) s += BOOKING_CODE_ALPHABET[randomInt(BOOKING_CODE_ALPHABET.length)]
  return s
}

class CodeTaken extends Error {}

/**
 * POST /bookings. Every check first, nothing written: the slot (exists, open, not started, in the
 * booking window), may the caller book the service (bookability: 403 with its reason), the place
 * of a home service; a slot already full when read is 409 SLOT_FULL at once. Then one transaction: the seat taken by a conditional update of the slot's
 * counter (none left → 409 SLOT_FULL with the next slots that have room), the booking inserted
 * holding it (the unique seat key → 409 ALREADY_BOOKED, the increment rolled back with it), the
 * messages and the audit entry. A paid service's booking waits for payment, its seat held.
 */
export async function createBooking(deps: Deps, actor: Actor, input: Input, origin: AuditOrigin, unitOfWork: SqlUnitOfWork): Promise<Created> {
  const now = deps.now()
  const slot = await loadSlot(deps.db, input.slotId)
  if (!slot) throw invalid('slotId', '该时段不存在，请刷新后重新选择')
  const svc = slot.service
  const verdict = await bookability(deps, actor, svc, now)
  if (!verdict.ok) throw forbidden(verdict.reason ?? '暂时不能预约该服务', 'NOT_BOOKABLE')
  checkSlotBookable(slot, now)
  // Full when read: answered without a transaction, so a burst's late comers never queue for the
  // slot's row lock. Room when read decides nothing: the conditional update below does.
  if (slot.booked >= slot.capacity) throw await slotFull(deps.db, slot, now)
  if (svc.homeService) {
    if (input.householdId === undefined) throw invalid('householdId', '上门服务请选择服务地址（您已绑定的房屋）')
    const [h] = await deps.db.$queryRaw<{ community_id: number }[]>`SELECT community_id FROM households WHERE id = ${input.householdId}`
    if (!h || !actor.residence.householdIds.includes(input.householdId) || Number(h.community_id) !== svc.communityId) {
      throw invalid('householdId', '请选择您已绑定（审核通过）的本社区房屋')
    }
  } else if (input.householdId !== undefined) {
    throw invalid('householdId', '该服务不是上门服务，无需选择房屋')
  }
  const paid = svc.feeFen > 0
  const status = paid ? 'awaiting_payment' : svc.requiresConfirmation ? 'pending' : 'confirmed'
  const holdUntil = paid ? new Date(now.getTime() + deps.config.booking.holdMinutes * 60_000) : null
  const staff = status === 'pending' ? await communityStaff(deps.db, svc.communityId) : []

  const attempt = () => unitOfWork(async (tx) => {
    if (!(await takeSeat(tx, slot.id))) throw await slotFull(tx, slot, now)
    const code = newBookingCode()
    try {
      await tx.$executeRaw`INSERT INTO bookings (code, service_id, slot_id, seat_slot_id, community_id, user_id, household_id, note, status,
          fee_fen, hold_until, confirmed_at, version, created_at, updated_at)
        VALUES (${code}, ${svc.id}, ${slot.id}, ${slot.id}, ${svc.communityId}, ${actor.id}, ${input.householdId ?? null}, ${input.note ?? null},
          ${status}, ${svc.feeFen}, ${holdUntil}, ${status === 'confirmed' ? now : null}, 0, ${now}, ${now})`
    } catch (e) {
      if (isUniqueViolation(e) && duplicateKey(e) === 'bookings_code_key') throw new CodeTaken()
      if (isUniqueViolation(e)) throw alreadyBooked()
      throw e
    }
    const [{ id }] = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM bookings WHERE code = ${code}`
    const facts = { id: Number(id), code, serviceName: svc.name, department: svc.department, startsAt: slot.startsAt, endsAt: slot.endsAt }
    if (status === 'confirmed') {
      await notifyBooking(tx, deps.config, {
        userIds: [actor.id], booking: facts, event: 'confirmed', kind: 'booking_confirmed', now,
        title: '预约成功', body: `您已预约${what(facts)}，请按时到${svc.department}办理，出示预约码 ${code}。出门前请对照材料清单带齐材料。`,
      })
    } else if (status === 'pending') {
      await notifyBooking(tx, deps.config, {
        userIds: [actor.id], booking: facts, event: 'submitted', kind: 'booking_submitted', now,
        title: '预约已提交，等待社区确认', body: `您预约的${what(facts)}已提交，社区确认后会再通知您。预约码 ${code}。`,
      })
      await notifyBooking(tx, deps.config, {
        userIds: staff.filter((u) => u !== actor.id), booking: facts, event: 'to_confirm', kind: 'booking_to_confirm', forStaff: true, now,
        title: '有新的预约待确认', body: `${what(facts)}有一位居民预约，请确认。`,
      })
    }
    await audit(tx, {
      actor, action: 'booking.create', resourceType: 'booking', resourceId: Number(id), result: 'success',
      details: { slotId: slot.id, serviceId: svc.id, status },
    }, origin)
    const row = await bookingById(tx, Number(id))
    return { ...presentBookingDetail(actor, row!, now), requestPayment: null } satisfies Created
  })

  let created: Created | undefined
  for (let tries = 0; !created; tries++) {
    try {
      created = await retryDeadlock(deps, attempt)
    } catch (e) {
      if (e instanceof CodeTaken && tries < 5) continue
      throw e
    }
  }
  return created
}

/**
 * After the booking's transaction committed: the `wx.requestPayment` parameters of a paid booking,
 * or null when WeChat Pay could not be asked now (the resident retries with POST /bookings/:id/pay
 * while the seat is held).
 */
export async function paymentFor(deps: Deps, created: Created): Promise<Created> {
  if (created.status !== 'awaiting_payment') return created
  try {
    return { ...created, requestPayment: await openPayment(deps, created.id) }
  } catch (e) {
    if (!(e instanceof AppError)) deps.log.error('opening the payment of a new booking failed', { bookingId: created.id, error: (e as Error).message })
    return created
  }
}
