import { randomInt } from 'node:crypto'
import { BOOKING_CODE_ALPHABET } from '../../src/modules/bookings/booking.schema.ts'
import { makeService, residentsOf } from './bookings.ts'
import { wechatPayEnv, type FakeWechatPay } from './fakeWechatPay.ts'
import { startTestServer, type TestServer } from './server.ts'

/**
 * A server paying through the started `fake`: a paid service in the first demo community and
 * `residents` new residents of it, those from index `openidFrom` on holding a WeChat openid.
 */
export async function startPaymentWorld(
  fake: FakeWechatPay, o: { service: string; feeFen: number; residents: number; prefix: string; openidFrom: number },
) {
  const srv = await startTestServer({ env: wechatPayEnv(fake) })
  const [qs] = srv.demo!.communityIds
  const serviceId = (await makeService(srv, qs, { name: o.service, feeFen: o.feeFen, freeCancelHours: 2 })).id
  const residents = await residentsOf(srv, qs, o.residents, o.prefix)
  for (const r of residents.slice(o.openidFrom)) await srv.deps.db.user.update({ where: { id: r.id }, data: { openid: `o_${o.prefix}_${r.id}` } })
  return { srv, serviceId, residents }
}

/**
 * A booking of the demo's paid service holding a seat and awaiting payment, written the way
 * POST /bookings writes it (the slot's counter taken by a conditional update, the seat key set,
 * the hold `holdMinutes` from the server's clock), for tests of the payment side alone.
 */
export async function heldPaidBooking(srv: TestServer, username: string): Promise<{ bookingId: number; slotId: number; feeFen: number }> {
  const db = srv.deps.db
  const user = await db.user.findUniqueOrThrow({ where: { username } })
  const now = srv.clock.now()
  const [slot] = await db.$queryRaw<{ id: number; service_id: number; community_id: number; fee_fen: number }[]>`
    SELECT sl.id, sl.service_id, s.community_id, s.fee_fen FROM service_slots sl JOIN services s ON s.id = sl.service_id
    WHERE s.fee_fen > 0 AND sl.status = 'open' AND sl.booked < sl.capacity AND sl.starts_at > ${new Date(now.getTime() + 86_400_000)}
      AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.seat_slot_id = sl.id AND b.user_id = ${user.id})
    ORDER BY sl.starts_at, sl.id LIMIT 1`
  if (!slot) throw new Error('no paid slot with room in the demo data')
  const code = Array.from({ length: 8 }, () => BOOKING_CODE_ALPHABET[randomInt(BOOKING_CODE_ALPHABET.length)]).join('')
  const holdUntil = new Date(now.getTime() + srv.config.booking.holdMinutes * 60_000)
  return db.$transaction(async (tx) => {
    const took = await tx.$executeRaw`UPDATE service_slots SET booked = booked + 1 WHERE id = ${slot.id} AND booked < capacity`
    if (took !== 1) throw new Error('slot full')
    await tx.$executeRaw`INSERT INTO bookings (code, service_id, slot_id, seat_slot_id, community_id, user_id, status, fee_fen, hold_until, version, created_at, updated_at)
      VALUES (${code}, ${slot.service_id}, ${slot.id}, ${slot.id}, ${slot.community_id}, ${user.id}, 'awaiting_payment', ${slot.fee_fen}, ${holdUntil}, 0, ${now}, ${now})`
    const [{ id }] = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM bookings WHERE code = ${code}`
    return { bookingId: Number(id), slotId: Number(slot.id), feeFen: Number(slot.fee_fen) }
  })
}

/** The state a payment test checks did or did not change: the booking, its order, refund and slot. */
export async function paymentState(srv: TestServer, bookingId: number) {
  const db = srv.deps.db
  const booking = await db.booking.findUniqueOrThrow({ where: { id: bookingId }, select: { status: true, seatSlotId: true, slotId: true, holdUntil: true, version: true } })
  const order = await db.paymentOrder.findUnique({ where: { bookingId }, select: { status: true, transactionId: true, paidAt: true, outTradeNo: true } })
  const refund = order ? await db.paymentRefund.findFirst({ where: { order: { bookingId } }, select: { status: true, attempts: true, outRefundNo: true, lastError: true } }) : null
  const slot = await db.serviceSlot.findUniqueOrThrow({ where: { id: booking.slotId }, select: { booked: true } })
  const messages = await db.message.count({ where: { resourceType: 'booking', resourceId: { startsWith: `${bookingId}:` } } })
  return { booking, order, refund, booked: slot.booked, messages }
}

/** The outcomes recorded in payment_notifications, oldest first (optionally of one out_trade_no). */
export async function notificationOutcomes(srv: TestServer, outTradeNo?: string): Promise<string[]> {
  const rows = await srv.deps.db.paymentNotification.findMany({ where: outTradeNo ? { outTradeNo } : {}, orderBy: { id: 'asc' }, select: { outcome: true } })
  return rows.map((r) => r.outcome)
}

/** Waits until `check` holds (background work after a response: refunds sent after commit). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 50))
  }
}
