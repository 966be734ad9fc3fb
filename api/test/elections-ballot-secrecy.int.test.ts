import { describe, expect, it } from 'vitest'
import { cast, openElection, userIds } from './support/electionBallot.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

const text = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? String(v) : v))

/**
 * The secret ballot, checked on the schema and on the rows: nothing a database reader or the logs
 * hold ties a ballot or a tracker to a voter — no column, no foreign key, no time, no order.
 */
describe('the secret ballot', () => {
  const fx = useFixture(async () => {
    const srv = await startTestServer({ seed: 'demo' })
    const qs: number = srv.demo!.communityIds[0]
    return { srv, qs }
  })

  const SECRET = ['election_ballots', 'election_ballot_choices', 'election_trackers']

  it('the schema: ballots, choices and trackers have no voter, user or time column and no key to them; voted marks have no time and no ballot', async () => {
    const db = fx.srv.db.url.split('/').pop()!.split('?')[0]
    const [cols] = await fx.srv.deps.sql.query<any[]>(
      `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, DATA_TYPE AS d, EXTRA AS x, COLUMN_DEFAULT AS def FROM information_schema.COLUMNS
       WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN ('election_ballots', 'election_ballot_choices', 'election_trackers', 'election_voted') ORDER BY TABLE_NAME, ORDINAL_POSITION`, [db])
    const byTable: Record<string, string[]> = {}
    for (const c of cols) (byTable[c.t] ??= []).push(c.c)
    expect(byTable).toEqual({
      election_ballots: ['id', 'round_id'],
      election_ballot_choices: ['ballot_id', 'contest_id', 'candidate_id'],
      election_trackers: ['tracker', 'round_id'],
      election_voted: ['voter_id', 'round_id', 'channel'],
    })
    for (const c of cols) {
      expect(['datetime', 'timestamp', 'date', 'time', 'year'], `${c.t}.${c.c}`).not.toContain(String(c.d).toLowerCase())
      expect(String(c.x ?? '').toLowerCase(), `${c.t}.${c.c}`).not.toMatch(/auto_increment|on update|default_generated/)
      expect(String(c.def ?? ''), `${c.t}.${c.c}`).not.toMatch(/current_timestamp|now|uuid|rand/i)
      if (SECRET.includes(c.t)) expect(c.c, `${c.t}.${c.c}`).not.toMatch(/user|voter|time|_at$|(^|_)date|created|updated|seq|order/)
    }
    expect(cols.find((c) => c.t === 'election_ballots' && c.c === 'id').d).toBe('binary')
    const [fks] = await fx.srv.deps.sql.query<any[]>(
      `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, REFERENCED_TABLE_NAME AS r FROM information_schema.KEY_COLUMN_USAGE
       WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL
         AND (TABLE_NAME IN ('election_ballots', 'election_ballot_choices', 'election_trackers', 'election_voted')
           OR REFERENCED_TABLE_NAME IN ('election_ballots', 'election_ballot_choices', 'election_trackers'))`, [db])
    const refs = fks.map((f) => `${f.t}.${f.c}->${f.r}`).sort()
    expect(refs).toEqual([
      'election_ballot_choices.ballot_id->election_ballots',
      'election_ballot_choices.candidate_id->election_candidates',
      'election_ballot_choices.contest_id->election_contests',
      'election_ballots.round_id->election_rounds',
      'election_trackers.round_id->election_rounds',
      'election_voted.round_id->election_rounds',
      'election_voted.voter_id->election_voters',
    ])
    // No trigger copies a vote anywhere.
    const [triggers] = await fx.srv.deps.sql.query<any[]>(`SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? AND EVENT_OBJECT_TABLE LIKE 'election%'`, [db])
    expect(triggers).toEqual([])
  })

  it('the rows after seven voters vote: random ids in no order of the votes, trackers in no order, and no tracker or choice in audit, messages, idempotency keys or logs', async () => {
    const names = Array.from({ length: 7 }, (_, i) => `resident${i + 1}`)
    const ids = await userIds(fx.srv, [...names, 'resident11', 'resident12', 'resident13'])
    const e = await openElection(fx.srv, { communityId: fx.qs, voterUserIds: ids.slice(0, 7), candidateUserIds: ids.slice(7) })
    const contest = e.contests[0]
    const [a, b, c] = contest.candidateIds
    // Seven distinct ballots, so the test (and only the test) knows whose ballot is whose.
    const ballots = [[], [a], [b], [c], [a, b], [a, c], [b, c]]
    const logged: string[] = []
    const log = fx.srv.deps.log
    const saved = { ...log }
    for (const k of Object.keys(log) as (keyof typeof log)[]) {
      ;(log as any)[k] = (...args: unknown[]) => { logged.push(args.map((a) => (typeof a === 'string' ? a : text(a ?? {}))).join(' ')); (saved as any)[k](...args) }
    }
    const trackers: string[] = []
    try {
      for (const [i, n] of names.entries()) {
        const r = await cast(await fx.srv.as(n), e.election.id, { round: e.round.id, selections: { [contest.id]: ballots[i] } }, `secret-${i}`)
        expect(r.status).toBe(201)
        trackers.push(r.body.data.tracker)
      }
    } finally {
      Object.assign(log, saved)
    }
    expect(new Set(trackers).size).toBe(7)

    const rows = await fx.srv.deps.db.electionBallot.findMany({ where: { roundId: e.round.id }, include: { choices: true } })
    expect(rows).toHaveLength(7)
    // Random 16-byte ids: no shared prefix, not consecutive numbers.
    const hex = rows.map((r) => Buffer.from(r.id).toString('hex'))
    expect(new Set(hex.map((h) => h.slice(0, 8))).size).toBe(7)
    const nums = hex.map((h) => BigInt(`0x${h}`)).sort((x, y) => (x < y ? -1 : 1))
    for (let i = 1; i < nums.length; i++) expect(nums[i] - nums[i - 1] > 1_000_000n).toBe(true)
    // In the table's own order (the primary key, as InnoDB stores it), the ballots are not in the
    // order of the votes (chance of a false alarm: 1 in 5,040).
    const [stored] = await fx.srv.deps.sql.query<any[]>('SELECT HEX(id) AS id FROM election_ballots WHERE round_id = ?', [e.round.id])
    const keyOf = (choices: number[]) => [...choices].sort().join(',')
    const contentOf = new Map(rows.map((r) => [Buffer.from(r.id).toString('hex').toUpperCase(), keyOf(r.choices.map((x) => x.candidateId))]))
    const storedOrder = stored.map((s) => contentOf.get(s.id))
    expect(new Set(storedOrder)).toEqual(new Set(ballots.map(keyOf)))
    expect(storedOrder).not.toEqual(ballots.map(keyOf))
    const [storedTrackers] = await fx.srv.deps.sql.query<any[]>('SELECT tracker FROM election_trackers WHERE round_id = ?', [e.round.id])
    expect(storedTrackers.map((t) => t.tracker).sort()).toEqual([...trackers].sort())
    expect(storedTrackers.map((t) => t.tracker)).not.toEqual(trackers)

    // Nothing beside a voter holds a tracker or a choice.
    const audits = await fx.srv.deps.db.auditLog.findMany({ where: { action: 'election.vote', resourceId: String(e.election.id) } })
    expect(audits).toHaveLength(7)
    for (const row of audits) expect(row.details).toEqual({ roundId: e.round.id })
    const msgs = await fx.srv.deps.db.message.findMany({ where: { kind: 'election_voted', resourceId: `${e.election.id}:${e.round.id}` } })
    expect(msgs).toHaveLength(7)
    expect(new Set(msgs.map((m) => m.body)).size).toBe(1) // the same words for every voter, whatever they chose
    const candidateNames = (await fx.srv.deps.db.user.findMany({ where: { id: { in: ids.slice(7) } }, select: { displayName: true } })).map((u) => u.displayName)
    const keys = await fx.srv.deps.db.idempotencyKey.findMany({ where: { userId: { in: ids.slice(0, 7) } } })
    expect(keys).toEqual([])
    const everything = text({
      audit: await fx.srv.deps.db.auditLog.findMany(), messages: await fx.srv.deps.db.message.findMany(),
      outbox: await fx.srv.deps.db.outboxItem.findMany(), keys: await fx.srv.deps.db.idempotencyKey.findMany(), logged,
    })
    for (const t of trackers) expect(everything).not.toContain(t)
    for (const n of candidateNames) expect(text({ msgs, audits, logged })).not.toContain(n)
    for (const l of logged) expect(l).not.toMatch(/selections|candidate/)
  })
})
