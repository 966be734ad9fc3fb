import type { Deps } from '../core/context.ts'
import { DAY_MS, startOfShanghaiDay } from '../core/time.ts'
import { Prisma } from '../generated/prisma/client.ts'
import { endBooking, factsOf, lockBookings } from '../modules/bookings/booking.lifecycle.ts'
import { notifyBooking, what } from '../modules/bookings/booking.notify.ts'

const BATCH = 50
const HOUR = 3600_000

/**
 * Unpaid holds that ran out: the booking expires, its seat is freed, its order closed, the
 * resident told. Rows are claimed with FOR UPDATE SKIP LOCKED (several processes share the work)
 * and ended by a conditional update, so a payment arriving at the same moment either confirms the
 * booking first (the job skips it) or finds it expired (and is refunded by the payments module).
 */
export async function expireHolds(deps: Deps): Promise<number> {
  let total = 0
  for (;;) {
    const now = deps.now()
    const [claimed, done] = await deps.db.$transaction(async (tx) => {
      const ids = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM bookings
        WHERE status = 'awaiting_payment' AND hold_until < ${now} ORDER BY hold_until LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`
      if (!ids.length) return [0, 0] as const
      const rows = await lockBookings(tx, Prisma.sql`b.id IN (${Prisma.join(ids.map((r) => Number(r.id)))}) AND b.status = 'awaiting_payment'`)
      for (const b of rows) {
        await endBooking(tx, b, { status: 'expired', by: 'system', reason: null, refund: false, now })
        await notifyBooking(tx, deps.config, {
          userIds: [b.user_id], booking: factsOf(b), event: 'expired', kind: 'booking_expired', now,
          title: '预约未支付已失效', body: `您预约的${what(factsOf(b))}未在规定时间内支付，名额已释放。如仍需办理，请重新预约。`,
        })
      }
      return [ids.length, rows.length] as const
    }, { timeout: 30_000, isolationLevel: 'ReadCommitted' })
    total += done
    if (claimed < BATCH) return total
  }
}

type Due = { id: number; slot_id: number; user_id: number; code: string; name: string; department: string; starts_at: Date; ends_at: Date }

/** Start of the Shanghai day `days` after the one `now` falls on. */
const dayStart = (now: Date, days: number) => new Date(startOfShanghaiDay(now).getTime() + days * DAY_MS)

/**
 * Reminders of pending and confirmed bookings, each once: the evening before (from 18:00 Asia/
 * Shanghai on the previous day; not for bookings made after that time, nor within the last hour,
 * which the hour reminder covers) and 1 hour before. Each is claimed by a conditional update of
 * its own column (`… IS NULL`) in the transaction that writes the message, so two runs at once
 * send it once. The message key is `<id>:<evening|hour>:<slot>`: a rescheduled booking (its flags
 * reset) is reminded of its new slot.
 */
export async function sendBookingReminders(deps: Deps): Promise<{ evening: number; hour: number }> {
  const now = deps.now()
  const afterSix = now.getTime() - startOfShanghaiDay(now).getTime() >= 18 * HOUR
  const eveningUntil = dayStart(now, afterSix ? 2 : 1)
  const hourAhead = new Date(now.getTime() + HOUR)
  const select = (cond: Prisma.Sql) => deps.db.$queryRaw<Due[]>`SELECT b.id, b.slot_id, b.user_id, b.code, s.name, s.department, sl.starts_at, sl.ends_at
    FROM bookings b JOIN service_slots sl ON sl.id = b.slot_id JOIN services s ON s.id = b.service_id
    WHERE b.status IN ('pending', 'confirmed') AND ${cond} ORDER BY sl.starts_at LIMIT 500`
  // 18:00 of the day before the slot, in UTC: the slot's Shanghai midnight minus 6 hours.
  const evening = await select(Prisma.sql`b.reminded_evening_at IS NULL AND sl.starts_at > ${hourAhead} AND sl.starts_at < ${eveningUntil}
    AND b.created_at < DATE_SUB(CAST(DATE(DATE_ADD(sl.starts_at, INTERVAL 8 HOUR)) AS DATETIME), INTERVAL 14 HOUR)`)
  const hour = await select(Prisma.sql`b.reminded_hour_at IS NULL AND sl.starts_at > ${now} AND sl.starts_at <= ${hourAhead}
    AND b.created_at <= DATE_SUB(sl.starts_at, INTERVAL 60 MINUTE)`)
  const send = async (rows: Due[], which: 'evening' | 'hour') => {
    let n = 0
    for (const r of rows) {
      const facts = { id: Number(r.id), code: r.code, serviceName: r.name, department: r.department, startsAt: r.starts_at, endsAt: r.ends_at }
      const sent = await deps.db.$transaction(async (tx) => {
        const claimed = which === 'evening'
          ? await tx.$executeRaw`UPDATE bookings SET reminded_evening_at = ${now} WHERE id = ${facts.id} AND reminded_evening_at IS NULL AND status IN ('pending', 'confirmed') AND slot_id = ${r.slot_id}`
          : await tx.$executeRaw`UPDATE bookings SET reminded_hour_at = ${now} WHERE id = ${facts.id} AND reminded_hour_at IS NULL AND status IN ('pending', 'confirmed') AND slot_id = ${r.slot_id}`
        if (claimed !== 1) return false
        await notifyBooking(tx, deps.config, {
          userIds: [Number(r.user_id)], booking: facts, event: `${which}:${r.slot_id}`, kind: 'booking_reminder', now,
          title: which === 'evening' ? '明天有预约，记得带齐材料' : '预约1小时后开始',
          body: which === 'evening'
            ? `您预约了${what(facts)}，地点：${r.department}。出门前请对照材料清单带齐材料，到窗口出示预约码 ${r.code}。`
            : `您预约的${what(facts)}将在1小时后开始，请到${r.department}办理，出示预约码 ${r.code}。`,
        })
        return true
      })
      if (sent) n++
    }
    return n
  }
  return { evening: await send(evening, 'evening'), hour: await send(hour, 'hour') }
}

/** Both booking jobs, for the scheduler. */
export async function runBookingJobs(deps: Deps): Promise<void> {
  await expireHolds(deps)
  await sendBookingReminders(deps)
}
