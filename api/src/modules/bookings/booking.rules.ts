import type { Actor } from '../../core/actor.ts'
import type { Deps } from '../../core/context.ts'
import type { RawTx } from '../../core/db.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { jsonArray } from '../../core/json.ts'
import { DAY_MS, formatShanghai, SHANGHAI_OFFSET_MS, startOfShanghaiDay } from '../../core/time.ts'
import { paymentsAvailable } from '../payments/payment.service.ts'
import { GROUP_LABELS, type CareGroup } from '../services/service.schema.ts'

/**
 * The rules every part of appointments shares: who may book a service now, which slots still have
 * room, and (booking.lifecycle.ts, re-exported below) what closing a slot or a payment does to the
 * bookings. The services module imports these; keep the signatures.
 */

export type BookableService = {
  id: number
  communityId: number
  eligibility: 'community' | 'any_bound' | 'groups' | string
  /** The JSON column as read: an array of care flags, its JSON text (raw SQL on MariaDB), or null. */
  eligibleFlags: unknown
  feeFen: number
  active: boolean | number
}

export type Bookability = { ok: boolean; reason: string | null }


export const NOT_PAYABLE_REASON = '暂不支持在线支付，请到窗口办理'

/** The care flags of a service's `eligible_flags` column, whatever form the driver returned. */
export function parseEligibleFlags(v: unknown): CareGroup[] {
  return jsonArray(v).filter((f): f is CareGroup => typeof f === 'string' && f in GROUP_LABELS)
}

/** The next Shanghai midnight at or after an instant (a block ends at the start of a day). */
function ceilToShanghaiDay(ms: number): number {
  const local = ms + SHANGHAI_OFFSET_MS
  const start = Math.ceil(local / DAY_MS) * DAY_MS
  return start - SHANGHAI_OFFSET_MS
}

/**
 * When the user's no-show block ends, or null when not blocked. `limit` no-shows within
 * `windowDays` of each other block bookings for `blockDays` after the last of them (rounded up to
 * the next midnight in Shanghai, so the message can name a day).
 */
export async function noShowBlockEnd(deps: Pick<Deps, 'config' | 'db'>, userId: number, now: Date): Promise<Date | null> {
  const { noShowLimit: limit, noShowWindowDays: windowDays, noShowBlockDays: blockDays } = deps.config.booking
  if (blockDays <= 0) return null
  const since = new Date(now.getTime() - (windowDays + blockDays + 1) * DAY_MS)
  const rows = await deps.db.$queryRaw<{ t: Date }[]>`SELECT no_show_at AS t FROM bookings
    WHERE user_id = ${userId} AND status = 'no_show' AND no_show_at >= ${since} ORDER BY no_show_at`
  const times = rows.map((r) => new Date(r.t).getTime())
  let end: number | null = null
  for (let i = limit - 1; i < times.length; i++) {
    if (times[i] - times[i - limit + 1] > windowDays * DAY_MS) continue
    const e = ceilToShanghaiDay(times[i] + blockDays * DAY_MS)
    if (e > now.getTime() && (end == null || e > end)) end = e
  }
  return end == null ? null : new Date(end)
}

/** The message of a no-show block ending at `end`. */
export function noShowReason(config: Deps['config'], end: Date): string {
  const { noShowLimit, noShowWindowDays } = config.booking
  return `因近${noShowWindowDays}天内${noShowLimit}次预约未到场，${formatShanghai(end, 'YYYY年M月D日')}前不能预约`
}

/**
 * Whether the actor may book the service now, and if not why (shown to the resident as is):
 * the service taken off the list, who may book it (approved household bindings, care groups),
 * a no-show block, a paid service while WeChat Pay is not configured.
 */
export async function bookability(deps: Deps, actor: Actor, service: BookableService, now: Date): Promise<Bookability> {
  if (!service.active) return { ok: false, reason: '该服务已停止预约' }
  const homes = actor.residence
  if (service.eligibility === 'any_bound') {
    if (!homes.householdIds.length) return { ok: false, reason: '请先在「我的」里绑定房屋，审核通过后即可预约' }
  } else if (!homes.communityIds.includes(service.communityId)) {
    return { ok: false, reason: '该服务仅限本社区已绑定房屋的居民预约，请先在「我的」里绑定本社区的房屋' }
  } else if (service.eligibility === 'groups') {
    const flags = parseEligibleFlags(service.eligibleFlags)
    const groupText = flags.map((f) => GROUP_LABELS[f]).join('、') || '特定人群'
    const mine = flags.length
      ? await deps.db.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS n FROM household_bindings b
          JOIN household_care_flags f ON f.household_id = b.household_id
          WHERE b.user_id = ${actor.id} AND b.status = 'approved' AND b.community_id = ${service.communityId}
            AND f.flag IN (${Prisma.join(flags)})`
      : [{ n: 0n }]
    if (!Number(mine[0]?.n ?? 0)) return { ok: false, reason: `该服务仅限本社区${groupText}预约，如有疑问请联系社区` }
  }
  const blockedUntil = await noShowBlockEnd(deps, actor.id, now)
  if (blockedUntil) return { ok: false, reason: noShowReason(deps.config, blockedUntil) }
  if (service.feeFen > 0 && !paymentsAvailable(deps.config)) return { ok: false, reason: NOT_PAYABLE_REASON }
  return { ok: true, reason: null }
}

/**
 * When a slot of the service may start to be bookable now: at least `minNoticeMinutes` ahead, and
 * on a day (Asia/Shanghai) no later than today + `bookAheadDays` (`latest` is the end of that day).
 */
export function bookingWindow(service: { minNoticeMinutes: number; bookAheadDays: number }, now: Date): { earliest: Date; latest: Date } {
  const earliest = new Date(now.getTime() + service.minNoticeMinutes * 60_000)
  return { earliest, latest: new Date(startOfShanghaiDay(now).getTime() + (service.bookAheadDays + 1) * DAY_MS) }
}

export type SlotWithRoom = { id: number; startsAt: Date; endsAt: Date; remaining: number }

/** Open slots of the service starting at or after `after` that still have room, earliest first. */
export async function nextSlotsWithRoom(db: RawTx, serviceId: number, after: Date, limit: number): Promise<SlotWithRoom[]> {
  const n = Math.max(0, Math.min(50, Math.floor(limit)))
  if (!n) return []
  const rows = await db.$queryRaw<{ id: number; starts_at: Date; ends_at: Date; remaining: number | bigint }[]>`
    SELECT id, starts_at, ends_at, capacity - booked AS remaining FROM service_slots
    WHERE service_id = ${serviceId} AND status = 'open' AND starts_at >= ${after} AND booked < capacity
    ORDER BY starts_at, id LIMIT ${n}`
  return rows.map((r) => ({ id: Number(r.id), startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at), remaining: Number(r.remaining) }))
}

export { cancelBookingsOfUser, markBookingPaid, releaseSlotBookings } from './booking.lifecycle.ts'
