// The booking burst of `npm run bench` (issue 9): 2,000 residents of one community each POST one
// booking of a free service at once, spread over 50 slots of 20 places so that some slots are asked
// for far more than 20 times, some exactly 20 and some fewer. autocannon sends the requests (a fixed
// number, `amount`, with a body per request from setupRequest); bookings/s and p99 are reported,
// and afterwards the seats are checked against the database: no slot over capacity (counter and
// rows), every slot asked for more than its capacity full, counters = seat-holding rows, bookings
// stored = 201 answers. An inconsistency fails the run loudly (exit code 1). The burst's service,
// slots, bookings, messages and idempotency keys are removed before each run and after the last
// (their audit rows stay: the audit log refuses deletes).
import type { Connection } from 'mysql2/promise'
import autocannon, { type Result as CannonResult } from 'autocannon'
import { burstResidents, warmThenMeasure, type BurstCtx } from './burst.ts'
import { meterBurst } from './machine.ts'
import { fmt, type Result } from './report.ts'

export const BOOKING_BURST_KEY = 'booking-burst'
/** The bench service's name (one per community it ran in; found by it to reset). */
const SERVICE_NAME = '压测：居住证办理'

type Ctx = BurstCtx<{ 'burst-residents': number; 'burst-slots': number; 'burst-capacity': number; 'burst-connections': number }>

/** Answers by status, and per slot (by the slot each request asked for): 201s, 409s and anything else. */
type Tally = { t0: number; tEnd: number; byStatus: Map<number, number>; okBySlot: Map<number, number>; fullBySlot: Map<number, number>; failedBySlot: Map<number, number>; okMismatch: number; other: string[]; cause?: string }

/**
 * How often each slot is asked for: 40% of the slots share what is left after 20% are asked for
 * exactly their capacity and the other 40% for half of it (2,000 residents, 50 × 20: 20 slots asked
 * 80 times, 10 asked 20 times, 20 asked 10 times).
 */
export function burstSpread(residents: number, slots: number, capacity: number): number[] {
  const hot = Math.max(1, Math.round(slots * 0.4))
  const exact = Math.round(slots * 0.2)
  const low = slots - hot - exact
  const half = Math.floor(capacity / 2)
  const left = Math.max(0, residents - exact * capacity - low * half)
  const asks = Array.from({ length: slots }, (_, k) => (k < hot ? Math.floor(left / hot) + (k < left % hot ? 1 : 0) : k < hot + exact ? capacity : half))
  // Fewer residents than that: trim from the end so the total is exact.
  for (let k = slots - 1, over = asks.reduce((a, b) => a + b, 0) - residents; over > 0 && k >= 0; k--) {
    const cut = Math.min(over, asks[k])
    asks[k] -= cut
    over -= cut
  }
  return asks
}

/** A deterministic shuffle (mulberry32), so every run sends the same requests in the same order. */
function shuffle<T>(xs: T[], seed: number): T[] {
  let a = seed >>> 0
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[xs[i], xs[j]] = [xs[j], xs[i]]
  }
  return xs
}

/** Runs the burst (a warm-up burst first, unmeasured, when --warmup > 0) and returns its row and notes. */
export async function bookingBurst(ctx: Ctx): Promise<{ result: Result; notes: string[] }> {
  const { db, flags } = ctx
  const N = flags['burst-residents']
  const S = flags['burst-slots']
  const C = flags['burst-capacity']
  const label = `booking burst: ${fmt(N)} residents book one of ${S} slots × ${C} places at once`
  const skipped = (why: string) => ({ result: { key: BOOKING_BURST_KEY, label, skipped: true }, notes: [`Booking burst not measured: ${why}`] })
  const picked = await burstResidents(db, { table: 'service_slots', tablesOf: 'appointment', salt: 'book', n: N })
  if ('skip' in picked) return skipped(picked.skip)
  const { communityId, userIds: residents } = picked
  const asks = burstSpread(N, S, C)
  // Request i: resident i asks for slot slotOf[i] (slot indexes shuffled so every slot is contested from the start).
  const slotOf = shuffle(asks.flatMap((n, k) => Array<number>(n).fill(k)), 20261201)

  const runOnce = async (tag: string) => {
    await reset(db, communityId, residents)
    const slotIds = await createBenchService(db, communityId, S, C)
    const tally: Tally = { t0: 0, tEnd: 0, byStatus: new Map(), okBySlot: new Map(), fullBySlot: new Map(), failedBySlot: new Map(), okMismatch: 0, other: [] }
    let next = 0
    const { r, cpu, perReq } = await meterBurst(ctx, db, () => autocannon({
      url: ctx.api,
      connections: Math.min(flags['burst-connections'], N),
      amount: N,
      // Long: a request timed out would be sent again by autocannon with the next body.
      timeout: 120,
      requests: [{
        method: 'POST',
        path: '/api/v1/bookings',
        setupRequest: (req, context) => {
          const i = next++
          if (i === 0) tally.t0 = performance.now()
          const slotId = slotIds[slotOf[i % N]]
          context.slotId = slotId
          return {
            ...req,
            headers: { authorization: ctx.token(residents[i % N]), 'content-type': 'application/json', 'idempotency-key': `bench-book-${tag}-${i}` },
            body: JSON.stringify({ slotId }),
          }
        },
        onResponse: (status, body, context) => {
          tally.tEnd = performance.now()
          tally.byStatus.set(status, (tally.byStatus.get(status) ?? 0) + 1)
          const slotId = Number(context.slotId)
          const add = (m: Map<number, number>) => m.set(slotId, (m.get(slotId) ?? 0) + 1)
          if (status === 201) {
            add(tally.okBySlot)
            // The booking names its slot: a cross-check of the request ↔ answer pairing.
            if ((JSON.parse(body) as { data: { slot: { id: number } } }).data.slot.id !== slotId) tally.okMismatch++
          } else if (status === 409 && body.includes('SLOT_FULL')) add(tally.fullBySlot)
          else {
            add(tally.failedBySlot)
            if (tally.other.length < 3) tally.other.push(`${status} ${body.slice(0, 200)}`)
            // The API logs a 5xx's cause before answering: keep the first one while it is in its output's tail.
            if (!tally.cause) tally.cause = ctx.apiTail().split('\n').filter((l) => l.includes('"request failed"')).slice(-1)[0]?.slice(0, 700)
          }
        },
      }],
    }))
    const check = await checkSeats(db, slotIds, asks, C, tally, r, next)
    return { r, tally, check, cpu, perReq, sent: next }
  }

  const notes: string[] = []
  const { warm, m } = await warmThenMeasure(ctx, BOOKING_BURST_KEY, runOnce)
  await reset(db, communityId, residents)

  const seconds = (m.tally.tEnd - m.tally.t0) / 1000
  const answered = m.r.requests.total
  const booked = [...m.tally.okBySlot.values()].reduce((a, b) => a + b, 0)
  const sum = (x: Map<number, number>) => [...x.values()].reduce((a, b) => a + b, 0)
  const full = sum(m.tally.fullBySlot)
  const unexpected = sum(m.tally.failedBySlot) + m.r.errors
  const raw = ctx.results.find((x) => x.key === 'raw-insert' && !x.skipped)
  const rps = answered / seconds
  const result: Result = {
    key: BOOKING_BURST_KEY, label, rps, p50: m.r.latency.p50, p99: m.r.latency.p99, max: m.r.latency.max,
    // 409 SLOT_FULL is the expected answer for a full slot, not an error.
    errors: unexpected, timeouts: m.r.timeouts,
    statuses: [...m.tally.byStatus].filter(([s]) => s !== 201 && s !== 200).map(([s, n]) => `${s}×${n}${s === 409 ? ' full, expected' : ''}`).join(', '),
    total: answered, bytes: m.r.throughput.average, cpu: m.cpu, perReq: m.perReq,
  }
  ctx.log(`  ${BOOKING_BURST_KEY} ${fmt(answered)} answers in ${seconds.toFixed(2)} s: ${fmt(rps)} req/s, ${fmt(booked / seconds)} bookings/s, ` +
    `p50 ${m.r.latency.p50} ms p99 ${m.r.latency.p99} ms, ${fmt(booked)} booked, ${fmt(full)} full (409), ${unexpected} other` +
    `${m.tally.other.length ? ` e.g. ${m.tally.other.join(' | ')}` : ''}`)
  ctx.log(`  ${BOOKING_BURST_KEY} check: ${m.check.summary}`)
  if (m.tally.cause) ctx.log(`    the first failure as the api logged it: ${m.tally.cause}`)
  notes.push(
    `Booking burst (\`POST /api/v1/bookings\`, one Idempotency-Key each): ${fmt(N)} residents of community ${communityId}, ` +
    `${fmt(answered)} requests over ${Math.min(flags['burst-connections'], N)} autocannon connections (each connection sends its share back to back; ` +
    `bodies per request), slots asked ${[...new Set(asks)].sort((a, b) => b - a).map((n) => `${n}×${asks.filter((x) => x === n).length}`).join(', ')} ` +
    `(times × slots), all answered in ${seconds.toFixed(2)} s: **${fmt(booked / seconds)} bookings/s** (${fmt(booked)} booked, ${fmt(full)} answered 409 full), ` +
    `${fmt(rps)} answers/s, p50 ${m.r.latency.p50} ms, **p99 ${m.r.latency.p99} ms**` +
    `${raw?.rps ? `; ${(rps / raw.rps).toFixed(2)}× the raw INSERT baseline of this sitting (${fmt(raw.rps)} req/s, ${raw.p99} ms p99 at its own 50 connections)` : ''}` +
    `${warm ? '; after one unmeasured warm-up burst on a fresh copy of the service' : ''}.`,
    `Booking burst check: ${m.check.summary}${warm ? ` Warm-up burst: ${warm.check.verdict === 'consistent' ? 'consistent' : warm.check.summary}` : ''}`,
  )
  // The measured burst must be consistent and complete; the warm-up, consistent (it may be cut short by 503s).
  const failedCheck = m.check.verdict !== 'consistent' ? `${m.check.verdict}: ${m.check.summary}`
    : warm?.check.verdict === 'INCONSISTENT' ? `INCONSISTENT (warm-up): ${warm.check.summary}` : null
  if (failedCheck) {
    ctx.log(`\n  !!! BOOKING BURST ${failedCheck}\n`)
    process.exitCode = 1
  }
  return { result, notes }
}

/**
 * The seats after a burst, from the database, per slot: the counter, the bookings holding a seat
 * (seat_slot_id) and the seat-holding bookings by status, against the capacity, the asks and the
 * answers. Broken invariants (a slot over capacity, a counter ≠ its rows, 201 answers ≠ rows, a
 * slot that answered 409 SLOT_FULL but is not full) make the run INCONSISTENT. A slot asked for more
 * than its capacity that is not full is INCONSISTENT when every request for it was answered 201 or
 * 409; when some got another answer (503: no database connection in time) the run is INCOMPLETE.
 * Both fail the run.
 */
async function checkSeats(db: Connection, slotIds: number[], asks: number[], C: number, tally: Tally, r: CannonResult, sent: number) {
  const rows = ((await db.query(`SELECT s.id, s.capacity, s.booked,
      (SELECT COUNT(*) FROM bookings b WHERE b.seat_slot_id = s.id) AS seats,
      (SELECT COUNT(*) FROM bookings b WHERE b.slot_id = s.id AND b.status IN ('awaiting_payment', 'pending', 'confirmed', 'checked_in', 'completed', 'no_show')) AS holding,
      (SELECT COUNT(*) FROM bookings b WHERE b.slot_id = s.id) AS total_rows,
      (SELECT COUNT(*) - COUNT(DISTINCT b.user_id) FROM bookings b WHERE b.slot_id = s.id) AS repeated
    FROM service_slots s WHERE s.id IN (?)`, [slotIds]))[0] as Record<string, number>[]).map((x) => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, Number(v)])))
  const bySlot = new Map(rows.map((x) => [x.id, x]))
  const get = (m: Map<number, number>, id: number) => m.get(id) ?? 0
  const problems: string[] = []
  let over = 0, counterOff = 0, answersOff = 0, fullRefusedNotFull = 0, contested = 0, contestedFull = 0, notFullServed = 0, notFullUnserved = 0, fullSlots = 0
  slotIds.forEach((id, k) => {
    const s = bySlot.get(id)!
    if (s.booked > C || s.seats > C || s.holding > C) over++
    if (s.booked !== s.seats || s.seats !== s.holding || s.total_rows !== s.seats || s.repeated) counterOff++
    if (get(tally.okBySlot, id) !== s.seats) answersOff++
    if (get(tally.fullBySlot, id) > 0 && s.booked !== C) fullRefusedNotFull++
    if (s.booked === C) fullSlots++
    if (asks[k] > C) {
      contested++
      if (s.booked === C) contestedFull++
      else if (get(tally.failedBySlot, id) === 0) notFullServed++
      else notFullUnserved++
    }
  })
  const failed = [...tally.failedBySlot.values()].reduce((a, b) => a + b, 0)
  const unanswered = sent - r.requests.total + r.timeouts
  if (over) problems.push(`${over} slots hold more than ${C}`)
  if (counterOff) problems.push(`${counterOff} slots whose counter differs from their seat-holding rows (or with a resident twice)`)
  if (answersOff && !unanswered) problems.push(`${answersOff} slots whose 201 answers differ from the bookings stored`)
  if (tally.okMismatch) problems.push(`${tally.okMismatch} bookings answered for another slot than asked`)
  if (fullRefusedNotFull) problems.push(`${fullRefusedNotFull} slots answered 409 SLOT_FULL but are not full`)
  if (notFullServed) problems.push(`${notFullServed} slots asked for more than ${C} times, every request answered, are not full`)
  const incomplete = notFullUnserved > 0 || unanswered > 0
  const seats = rows.reduce((a, x) => a + x.seats, 0)
  const verdict = problems.length ? `INCONSISTENT (${problems.join('; ')})`
    : incomplete ? `seats consistent, but INCOMPLETE: ${fmt(failed)} requests answered neither 201 nor 409${unanswered ? ` and ${unanswered} unanswered` : ''}, ` +
      `so ${notFullUnserved} of the slots asked for more than ${C} times were never filled`
      : 'consistent'
  const summary = `${fmt(seats)} seats taken in ${slotIds.length} slots; most in one slot ${Math.max(...rows.map((x) => x.booked))} (capacity ${C}); ` +
    `${fullSlots} slots full, ${contestedFull} of the ${contested} asked for more than ${C} times; counter = seat-holding rows in ${slotIds.length - counterOff}/${slotIds.length}; ` +
    `201 answers = bookings stored in ${slotIds.length - answersOff}/${slotIds.length}; ${fmt(failed)} other answers: **${verdict}**.`
  return { verdict: problems.length ? 'INCONSISTENT' as const : incomplete ? 'INCOMPLETE' as const : 'consistent' as const, summary }
}

/** A free bench service of the community (anyone bound there may book) with S slots of C places, the day after tomorrow from 08:00, 10 minutes apart. */
async function createBenchService(db: Connection, communityId: number, S: number, C: number): Promise<number[]> {
  const now = new Date()
  const [res] = await db.query(`INSERT INTO services (community_id, name, department, description, materials, duration_minutes, eligibility,
      fee_fen, book_ahead_days, min_notice_minutes, free_cancel_hours, requires_confirmation, home_service, active, sort_order, updated_at)
    VALUES (?, ?, '社区服务中心 9号窗口', '压测用服务，每次压测前重建。', '[{"name":"身份证原件"}]', 10, 'community', 0, 14, 60, 2, FALSE, FALSE, TRUE, 9999, ?)`,
  [communityId, SERVICE_NAME, now]) as unknown as [{ insertId: number }]
  const serviceId = res.insertId
  // Day numbers count Shanghai days; a day's 00:00 UTC is its 08:00 in Asia/Shanghai.
  const first = (Math.floor((now.getTime() + 8 * 3600_000) / 86_400_000) + 2) * 86_400_000
  const slots = Array.from({ length: S }, (_, k) => [serviceId, new Date(first + k * 600_000), new Date(first + (k + 1) * 600_000), C])
  await db.query('INSERT INTO service_slots (service_id, starts_at, ends_at, capacity) VALUES ?', [slots])
  return ((await db.query('SELECT id FROM service_slots WHERE service_id = ? ORDER BY starts_at', [serviceId]))[0] as { id: number }[]).map((x) => Number(x.id))
}

/**
 * Removes every bench service of the community with its slots, bookings and their messages, and the
 * burst's idempotency keys. Audit rows stay (audit_logs refuses deletes younger than 180 days): one
 * `booking.create` row per booking made.
 */
async function reset(db: Connection, communityId: number, residents: number[]) {
  const services = ((await db.query('SELECT id FROM services WHERE community_id = ? AND name = ?', [communityId, SERVICE_NAME]))[0] as { id: number }[]).map((x) => x.id)
  if (services.length) {
    const ids = ((await db.query('SELECT id FROM bookings WHERE service_id IN (?)', [services]))[0] as { id: number }[]).map((x) => Number(x.id))
    for (let i = 0; i < ids.length; i += 5000) {
      const part = ids.slice(i, i + 5000)
      await db.query(`DELETE o FROM outbox o JOIN messages m ON m.id = o.message_id
        WHERE m.resource_type = 'booking' AND CAST(SUBSTRING_INDEX(m.resource_id, ':', 1) AS UNSIGNED) IN (?)`, [part])
      await db.query("DELETE FROM messages WHERE resource_type = 'booking' AND CAST(SUBSTRING_INDEX(resource_id, ':', 1) AS UNSIGNED) IN (?)", [part])
    }
    await db.query('DELETE FROM bookings WHERE service_id IN (?)', [services])
    await db.query('DELETE FROM service_slots WHERE service_id IN (?)', [services])
    await db.query('DELETE FROM services WHERE id IN (?)', [services])
  }
  await db.query("DELETE FROM idempotency_keys WHERE user_id IN (?) AND `key` LIKE 'bench-book-%'", [residents])
}

