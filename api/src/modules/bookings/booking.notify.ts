import type { Config } from '../../config.ts'
import type { DbOrTx, RawTx } from '../../core/db.ts'
import { notifyUsers } from '../messages/message.notify.ts'
import { whenText } from './booking.presenter.ts'

export const bookingLink = (id: number, forStaff: boolean) =>
  forStaff ? `/packages/workbench/desk/index?bookingId=${id}` : `/packages/bookings/detail/index?id=${id}`

/** What a message about a booking names. */
export type BookingFacts = { id: number; code: string; serviceName: string; startsAt: Date; endsAt: Date; department?: string }

/**
 * Tells people about a booking: a message-centre entry each and, where granted, the 'booking'
 * subscribe message. `event` makes the key: one message per user and event of a booking (use a
 * distinct event, e.g. with the version, for repeatable ones). Inside the change's transaction.
 */
export async function notifyBooking(
  tx: RawTx,
  config: Config,
  m: { userIds: number[]; booking: BookingFacts; event: string; kind: string; title: string; body: string; forStaff?: boolean; now: Date },
): Promise<void> {
  const b = m.booking
  await notifyUsers(tx, config, {
    userIds: m.userIds, kind: m.kind, resourceType: 'booking', resourceId: `${b.id}:${m.event}`,
    title: m.title, body: m.body, link: bookingLink(b.id, m.forStaff ?? false), templateKey: 'booking',
    payload: {
      title: m.title, summary: m.body.slice(0, 20), service: b.serviceName, time: b.startsAt.toISOString(), whenText: whenText(b.startsAt, b.endsAt),
      code: b.code, place: b.department ?? '', bookingId: b.id,
    },
    now: m.now,
  })
}

/** Active committee staff of a community (told of bookings that need confirming). */
export async function communityStaff(db: DbOrTx, communityId: number): Promise<number[]> {
  const rows = await db.$queryRaw<{ id: number }[]>`SELECT DISTINCT u.id FROM user_roles r JOIN users u ON u.id = r.user_id
    WHERE r.role = 'committee' AND r.scope_type = 'community' AND r.scope_id = ${communityId} AND u.status = 'active'`
  return rows.map((r) => Number(r.id))
}

/** 「居住证办理 12月3日 周四 09:00–09:30」 */
export const what = (b: BookingFacts) => `${b.serviceName}（${whenText(b.startsAt, b.endsAt)}）`
