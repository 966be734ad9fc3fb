import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import { getCalendar } from '../../core/calendar.ts'
import type { Deps } from '../../core/context.ts'
import { retryDeadlock, type UnitOfWork } from '../../core/db.ts'
import { conflict, invalid, isUniqueViolation, notFound } from '../../core/errors.ts'
import { authorize } from '../../core/policy.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { releaseSlotBookings } from '../bookings/booking.rules.ts'
import { sendPendingRefunds } from '../payments/payment.service.ts'
import { canSeeService, managesCommunity, servicePolicy } from './service.policy.ts'
import { addDays, DAY_MS, shanghaiDay, shanghaiDayStart as dayStart } from '../../core/time.ts'
import { bookingWindow, presentSlot, type ServiceRow, type SlotRow } from './service.presenter.ts'
import type { CreateSlotBody, SlotPatternBody, SlotQuery } from './service.schema.ts'
import { loadService, loadServiceToManage } from './service.service.ts'
import { checkPattern, daysBetween, expandPattern, isRealDay, MAX_AHEAD_DAYS } from './slot.pattern.ts'

/** The widest slot listing (days), and the most slots it returns. */
const MAX_RANGE_DAYS = 93
const MAX_SLOTS = 5000
/** Rows per INSERT of a pattern. */
const INSERT_CHUNK = 500
const HOUR_MS = 3600_000

/**
 * A service's slots from `from` to `to` (Shanghai days; default today to the end of its booking
 * window), in one query. Its managers see every slot in the range, closed and past ones too;
 * everyone else only open slots not yet begun. Each says how many places remain and whether it can
 * be booked now.
 */
export async function listSlots(deps: Deps, actor: Actor, serviceId: number, q: z.output<typeof SlotQuery>) {
  const s = await loadService(deps, actor, serviceId)
  const now = deps.now()
  const today = shanghaiDay(now)
  const from = q.from ?? today
  const to = q.to ?? addDays(today, s.bookAheadDays)
  if (!isRealDay(from)) throw invalid('from', '日期不存在')
  if (!isRealDay(to)) throw invalid('to', '日期不存在')
  if (daysBetween(from, to) < 0) throw invalid('to', '结束日期不能早于开始日期')
  if (daysBetween(from, to) >= MAX_RANGE_DAYS) throw invalid('to', `一次最多查询${MAX_RANGE_DAYS}天`)
  const manager = managesCommunity(actor, s.communityId)
  const rows = await deps.db.serviceSlot.findMany({
    where: {
      serviceId,
      startsAt: { gte: manager ? dayStart(from) : maxDate(dayStart(from), now), lt: dayStart(addDays(to, 1)) },
      ...(manager ? {} : { status: 'open' as const }),
    },
    orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
    take: MAX_SLOTS,
  })
  const window = bookingWindow(s, now)
  return rows.map((slot) => presentSlot(slot, window, s.active))
}

const maxDate = (a: Date, b: Date) => (a > b ? a : b)

/** Publishes one slot: in the future (within a year), ending after it starts (within a day), at a start not taken. */
export async function createSlot(
  deps: Deps, actor: Actor, serviceId: number, input: z.output<typeof CreateSlotBody>, origin: AuditOrigin,
  unitOfWork: UnitOfWork = (effect) => deps.db.$transaction(effect),
) {
  const s = await loadServiceToManage(deps, actor, serviceId)
  const now = deps.now()
  const startsAt = new Date(input.startsAt)
  const endsAt = new Date(input.endsAt)
  if (startsAt <= now) throw invalid('startsAt', '不能发布已经开始或过去的时段')
  if (startsAt.getTime() > now.getTime() + MAX_AHEAD_DAYS * DAY_MS) throw invalid('startsAt', '最多只能发布一年以内的时段')
  if (endsAt <= startsAt) throw invalid('endsAt', '结束时间须晚于开始时间')
  if (endsAt.getTime() - startsAt.getTime() > 24 * HOUR_MS) throw invalid('endsAt', '一个时段不能超过24小时')
  try {
    return await unitOfWork(async (tx) => {
      const slot = await tx.serviceSlot.create({ data: { serviceId, startsAt, endsAt, capacity: input.capacity } })
      await audit(tx, { actor, action: 'slot.create', resourceType: 'service_slot', resourceId: slot.id, result: 'success', details: { serviceId, startsAt: startsAt.toISOString(), capacity: input.capacity } }, origin)
      return presentSlot(slot, bookingWindow(s, now), s.active)
    })
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('SLOT_EXISTS', '该服务在这个开始时间已有时段', { fields: [{ field: 'startsAt', message: '该开始时间已有时段' }] })
    throw e
  }
}

/**
 * Publishes the slots of a weekly pattern (slot.pattern.ts decides the days and times). Starts
 * that already have a slot are left as they are (INSERT IGNORE on the service's unique start), so
 * running the same pattern again creates nothing; one multi-row insert per 500 slots.
 */
export async function applySlotPattern(deps: Deps, actor: Actor, serviceId: number, input: z.output<typeof SlotPatternBody>, origin: AuditOrigin) {
  await loadServiceToManage(deps, actor, serviceId)
  const now = deps.now()
  checkPattern(input, shanghaiDay(now))
  const cal = input.workingDaysOnly ? await getCalendar(deps) : { isWorkingDay: () => true }
  const { slots, skippedDays } = expandPattern(cal, input, now)
  const created = await deps.db.$transaction(async (tx) => {
    let n = 0
    for (let i = 0; i < slots.length; i += INSERT_CHUNK) {
      const rows = slots.slice(i, i + INSERT_CHUNK).map((p) => Prisma.sql`(${serviceId}, ${p.startsAt}, ${p.endsAt}, ${input.capacity}, 0, 'open', ${now})`)
      n += await tx.$executeRaw`INSERT IGNORE INTO service_slots (service_id, starts_at, ends_at, capacity, booked, status, created_at) VALUES ${Prisma.join(rows)}`
    }
    await audit(tx, {
      actor, action: 'slot.pattern', resourceType: 'service', resourceId: serviceId, result: 'success',
      details: { from: input.from, to: input.to, weekdays: input.weekdays, times: input.times, capacity: input.capacity, workingDaysOnly: input.workingDaysOnly, created: n, existing: slots.length - n },
    }, origin)
    return n
  })
  return { created, skippedDays, existing: slots.length - created }
}

/** A slot with its service, the service visible to the caller (else 404). */
async function loadSlot(deps: Deps, actor: Actor, slotId: number): Promise<{ slot: SlotRow; service: ServiceRow }> {
  const slot = await deps.db.serviceSlot.findUnique({ where: { id: slotId }, include: { service: true } })
  if (!slot || !canSeeService(actor, slot.service)) throw notFound('时段')
  return { slot, service: slot.service }
}

async function loadSlotToManage(deps: Deps, actor: Actor, slotId: number) {
  const loaded = await loadSlot(deps, actor, slotId)
  authorize(actor, servicePolicy.manage, loaded.service)
  return loaded
}

const slotClosed = () => conflict('SLOT_CLOSED', '该时段已关闭')

/**
 * Changes a slot's capacity. It may not drop below the places already booked: the update is
 * conditional on `booked <= capacity` in the database, so a booking landing at the same moment
 * cannot be squeezed out (409 naming capacity with the count).
 */
export async function updateSlotCapacity(deps: Deps, actor: Actor, slotId: number, capacity: number, origin: AuditOrigin) {
  const { slot, service } = await loadSlotToManage(deps, actor, slotId)
  if (slot.status !== 'open') throw slotClosed()
  await deps.db.$transaction(async (tx) => {
    const n = await tx.$executeRaw`UPDATE service_slots SET capacity = ${capacity} WHERE id = ${slotId} AND status = 'open' AND booked <= ${capacity}`
    if (n !== 1) {
      const now = await tx.serviceSlot.findUniqueOrThrow({ where: { id: slotId }, select: { booked: true, status: true } })
      if (now.status !== 'open') throw slotClosed()
      const message = `已有${now.booked}人预约，名额不能少于${now.booked}`
      throw conflict('CAPACITY_BELOW_BOOKED', message, { booked: now.booked, fields: [{ field: 'capacity', message }] })
    }
    await audit(tx, { actor, action: 'slot.capacity', resourceType: 'service_slot', resourceId: slotId, result: 'success', details: { from: slot.capacity, to: capacity } }, origin)
  })
  const fresh = await deps.db.serviceSlot.findUniqueOrThrow({ where: { id: slotId } })
  return presentSlot(fresh, bookingWindow(service, deps.now()), service.active)
}

/**
 * Closes an open slot: in one transaction the slot stops taking bookings (a conditional update
 * open → closed, 409 if it already was), and every booking still holding a seat in it is cancelled
 * by B's releaseSlotBookings (the resident told, a paid one's refund queued). The refunds are asked
 * of WeChat Pay after commit, not awaited. Should the database still pick this transaction as a
 * deadlock victim, it is run again.
 */
export async function closeSlot(deps: Deps, actor: Actor, slotId: number, reason: string, origin: AuditOrigin) {
  const { slot, service } = await loadSlotToManage(deps, actor, slotId)
  if (slot.status !== 'open') throw slotClosed()
  const now = deps.now()
  const released = await retryDeadlock(deps, () => deps.db.$transaction(async (tx) => {
    // Lock order as everywhere: the bookings before their slot (a resident cancelling now waits
    // here instead of deadlocking). By primary key, so no gap lock blocks a booking being made.
    const holding = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM bookings WHERE seat_slot_id = ${slotId}`
    if (holding.length) await tx.$queryRaw`SELECT id FROM bookings WHERE id IN (${Prisma.join(holding.map((b) => b.id))}) ORDER BY id FOR UPDATE`
    const n = await tx.serviceSlot.updateMany({ where: { id: slotId, status: 'open' }, data: { status: 'closed', closedReason: reason, closedAt: now } })
    if (n.count !== 1) throw slotClosed()
    const count = await releaseSlotBookings(tx, deps, slotId, reason, now)
    await audit(tx, { actor, action: 'slot.close', resourceType: 'service_slot', resourceId: slotId, result: 'success', details: { serviceId: service.id, reason, releasedBookings: count } }, origin)
    return count
  }))
  if (released > 0) {
    sendPendingRefunds(deps).catch((e: unknown) => deps.log.error('sending refunds after closing a slot failed', { slotId, error: (e as Error).message }))
  }
  const fresh = await deps.db.serviceSlot.findUniqueOrThrow({ where: { id: slotId } })
  return presentSlot(fresh, bookingWindow(service, now), service.active)
}
