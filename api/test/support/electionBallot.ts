import type { Client } from './client.ts'
import { startTestServer, type TestServer } from './server.ts'

export type Ballot = { round: number; selections: Record<string, number[]> }

/**
 * An election of the community in its formal voting window, made directly in the database (no
 * election routes): the roll closed with `voterUserIds`, the contests with approved candidates
 * (the first `candidateUserIds`, in order, split over the contests), and one open formal round.
 */
export async function openElection(srv: TestServer, opts: {
  communityId: number; voterUserIds: number[]; candidateUserIds: number[]
  contests?: { name: string; seats: number; candidates: number }[]
  roundStatus?: 'scheduled' | 'open' | 'closed'; rollClosed?: boolean
}) {
  const { db } = srv.deps
  const now = srv.deps.now()
  const election = await db.election.create({
    data: {
      communityId: opts.communityId, title: `第十二届居委会换届选举${Math.random().toString(36).slice(2, 6)}`, conditionsText: '年满18周岁的本社区居民',
      electionDay: now, phase: 'formal', rollClosedAt: opts.rollClosed === false ? null : now,
    },
  })
  const specs = opts.contests ?? [{ name: '委员', seats: 2, candidates: 3 }]
  const contests: { id: number; seats: number; candidateIds: number[] }[] = []
  let next = 0
  for (const [i, c] of specs.entries()) {
    const contest = await db.electionContest.create({ data: { electionId: election.id, name: c.name, seats: c.seats, sortOrder: i } })
    const candidateIds: number[] = []
    for (let k = 0; k < c.candidates; k++) {
      const cand = await db.electionCandidate.create({
        data: { electionId: election.id, contestId: contest.id, userId: opts.candidateUserIds[next++], source: 'staff', status: 'approved', statement: '服务居民' },
      })
      candidateIds.push(cand.id)
    }
    contests.push({ id: contest.id, seats: c.seats, candidateIds })
  }
  const round = await db.electionRound.create({
    data: { electionId: election.id, kind: 'formal', seq: 1, status: opts.roundStatus ?? 'open', openedAt: now },
  })
  await db.electionVoter.createMany({ data: opts.voterUserIds.map((userId) => ({ electionId: election.id, userId, maskedName: '张*明' })) })
  const voters = await db.electionVoter.findMany({ where: { electionId: election.id }, select: { id: true, userId: true } })
  return { election, round, contests, voters, voterIdOf: (userId: number) => voters.find((v) => v.userId === userId)!.id }
}

export const cast = (c: Client, electionId: number, ballot: Ballot, key?: string) =>
  c.post(`/api/v1/elections/${electionId}/ballots`, ballot, key ? { 'Idempotency-Key': key } : {})

/** The ids of users by username. */
export async function userIds(srv: TestServer, usernames: string[]): Promise<number[]> {
  const users = await srv.deps.db.user.findMany({ where: { username: { in: usernames } }, select: { id: true, username: true } })
  return usernames.map((u) => users.find((x) => x.username === u)!.id)
}

/**
 * A demo test server for the election suites: the first community's id, resident1…N's user ids and
 * signed-in clients, and committee1 (its committee staff).
 */
export async function electionWorld(residents = 16) {
  const srv = await startTestServer({ seed: 'demo' })
  const names = Array.from({ length: residents }, (_, i) => `resident${i + 1}`)
  const ids = await userIds(srv, names)
  const client: Record<string, Client> = {}
  for (const n of names) client[n] = await srv.as(n)
  return { srv, qs: srv.demo!.communityIds[0], ids, client, staff: await srv.as('committee1') }
}
