import { randomBytes } from 'node:crypto'
import type { Deps } from '../core/context.ts'
import type { PiiCipher } from '../core/crypto.ts'
import type { Db } from '../core/db.ts'
import { Prisma } from '../generated/prisma/client.ts'
import { newTracker } from '../modules/elections/election.ballot.ts'
import { phaseOrder } from '../modules/elections/election.policy.ts'
import { eligibility, insertVoters } from '../modules/elections/election.roll.ts'
import type { ScheduledPhase } from '../modules/elections/election.schema.ts'
import { countRound } from '../modules/elections/election.tally.count.ts'

type SeedTx = Parameters<Parameters<Db['$transaction']>[0]>[0]

const DAY = 86_400_000
const HOUR = 3_600_000

export type DemoElectionsInput = {
  communityIds: number[]
  residentIds: Record<string, number>
  /** committee1 (周慧): who organised both elections. */
  committeeId: number
  now?: Date
}

type ContestSpec = { name: string; seats: number; candidates: { resident: string; statement: string }[] }

/** The 委员会 election the demo users vote in: 主任 1 of 2, 委员 2 of 3. */
const COMMITTEE: ContestSpec[] = [
  {
    name: '主任', seats: 1, candidates: [
      { resident: 'resident7', statement: '在社区工作十二年，熟悉每栋楼的情况。当选后继续办好老年食堂，推动老旧小区加装电梯。' },
      { resident: 'resident9', statement: '退休前在街道从事城市管理工作。希望把居民的每一件小事当成大事来办，做到有事好商量。' },
    ],
  },
  {
    name: '委员', seats: 2, candidates: [
      { resident: 'resident8', statement: '从事社区志愿服务八年，组织过独居老人探访和楼道环境整治，愿意继续为邻居们跑腿。' },
      { resident: 'resident10', statement: '小学教师，周末在社区带课业辅导班。想为孩子们和双职工家庭多做一些实事。' },
      { resident: 'resident11', statement: '青石花园业主，热心物业和停车问题的协商，希望让大家的意见都能被听到、有回音。' },
    ],
  },
]

/** The finished 业主代表 vote: 2 seats, 3 candidates. */
const OWNERS: ContestSpec[] = [
  {
    name: '业主代表', seats: 2, candidates: [
      { resident: 'resident13', statement: '青石花园2号楼业主，做过三年楼栋长，愿意代表大家与物业沟通维修基金的使用。' },
      { resident: 'resident14', statement: '会计出身，愿意把小区公共收益的账目整理清楚，按季度向业主公开。' },
      { resident: 'resident15', statement: '希望推动小区充电桩和非机动车棚的改造，让老人和孩子出行更安全。' },
    ],
  },
]

/**
 * The e-election side of the demo, in the first community (青石社区), organised by committee1:
 * 「青石社区第十二届居民委员会换届选举」 in its formal vote (round open since yesterday, closing in
 * 3 days; resident4–6 have voted, resident1–3 have not), and 「青石花园业主代表推选（2026年）」
 * counted by `countRound` and published. Rolls come from the real rule (`eligibility`), votes are
 * written as the API writes them (voted mark, ballot under a random id with its choices, tracker;
 * no messages or audit rows, which the API would add). Runs inside seedDemo's transaction.
 */
export async function seedDemoElections(tx: SeedTx, cipher: PiiCipher, input: DemoElectionsInput): Promise<void> {
  const now = input.now ?? new Date()
  const at = (days: number, hours = 0) => new Date(now.getTime() + days * DAY + hours * HOUR)
  // `eligibility` reads only the cipher of its deps (to decrypt the ID numbers for the age).
  const deps = { cipher } as Deps
  const resident = (name: string) => input.residentIds[name]

  // 1. The committee election, in its formal vote.
  const open = await createElection(tx, deps, input, {
    title: '青石社区第十二届居民委员会换届选举',
    description: '根据《中华人民共和国城市居民委员会组织法》，青石社区居民委员会任期届满，依法进行换届选举。本次选举实行差额选举，居民可在小程序上投票，也可到社区党群服务中心投纸质选票。',
    electionDay: at(3), createdAt: at(-32), rollClosedAt: at(-19),
    // Phase windows, in days from now: [starts, ends]; formal open now, counting after it.
    schedule: { conditions: [-30, -26], registration: [-26, -19], nomination: [-19, -12], qualification: [-12, -1], formal: [-1, 3], counting: [3, 4] },
    phase: 'formal', contests: COMMITTEE,
  })
  const round = await tx.electionRound.create({
    data: { electionId: open.id, kind: 'formal', seq: 1, status: 'open', opensAt: at(-1), closesAt: at(3), openedAt: at(-1) },
  })
  const [director, members] = open.candidates
  await castDemoBallots(tx, open.voterIdOf, round.id, [
    { voter: resident('resident4'), choices: [director[0], members[0], members[1]] },
    { voter: resident('resident5'), choices: [director[1], members[0], members[2]] },
    { voter: resident('resident6'), choices: [director[0], members[1]] },
  ])

  // 2. The owners' representatives, voted, counted and published weeks ago.
  const done = await createElection(tx, deps, input, {
    title: '青石花园业主代表推选（2026年）',
    description: '推选青石花园业主代表2名，参与小区公共事务协商和维修基金使用的监督。',
    electionDay: at(-40), createdAt: at(-75), rollClosedAt: at(-56),
    schedule: { conditions: [-70, -63], registration: [-63, -56], nomination: [-56, -50], qualification: [-50, -43], formal: [-41, -40], counting: [-40, -39] },
    phase: 'published', contests: OWNERS,
  })
  const past = await tx.electionRound.create({
    data: { electionId: done.id, kind: 'formal', seq: 1, status: 'closed', opensAt: at(-41), closesAt: at(-40), openedAt: at(-41), closedAt: at(-40) },
  })
  const [a, b, c] = done.candidates[0]
  const pattern = [[a, b], [a, b], [a, c], [a, b], [b, c], [a], [a, b], [b, c], [a, c], [a, b], [c]]
  const voters = ['resident1', 'resident2', 'resident3', 'resident4', 'resident5', 'resident6', 'resident7', 'resident8', 'resident9', 'resident10', 'resident11']
  await castDemoBallots(tx, done.voterIdOf, past.id, voters.map((v, i) => ({ voter: resident(v), choices: pattern[i] })))
  await countRound(tx, past.id, at(-39, -20))
  await tx.election.update({ where: { id: done.id }, data: { publishedAt: at(-39, -18) } })
}

type ElectionSpec = {
  title: string; description: string; electionDay: Date; createdAt: Date; rollClosedAt: Date
  schedule: Partial<Record<ScheduledPhase, [number, number]>>
  phase: 'formal' | 'published'; contests: ContestSpec[]
}

/**
 * An election with its phases (past ones opened and closed on schedule, the current one opened),
 * contests, approved candidates (as [contest][candidate] ids) and its roll from the rule, closed.
 */
async function createElection(tx: SeedTx, deps: Deps, input: DemoElectionsInput, spec: ElectionSpec) {
  const now = input.now ?? new Date()
  const at = (days: number) => new Date(now.getTime() + days * DAY)
  const communityId = input.communityIds[0]
  const e = await tx.election.create({
    data: {
      communityId, title: spec.title, description: spec.description,
      conditionsText: '年满18周岁、在本社区登记房屋并完成实名认证的居民（以选举日计算年龄）。',
      electionDay: spec.electionDay, phase: spec.phase, rollClosedAt: spec.rollClosedAt, createdById: input.committeeId, createdAt: spec.createdAt,
    },
  })
  await tx.electionPhaseTime.createMany({
    data: phaseOrder({ hasPreliminary: false }).map((phase) => {
      const w = spec.schedule[phase]
      const begun = !!w && at(w[0]) <= now
      const ended = !!w && at(w[1]) <= now
      return {
        electionId: e.id, phase, startsAt: w ? at(w[0]) : null, endsAt: w ? at(w[1]) : null,
        openedAt: begun ? at(w[0]) : null, closedAt: ended && (spec.phase === 'published' || phase !== spec.phase) ? at(w[1]) : null,
      }
    }),
  })
  const people = await eligibility(deps, tx, { communityId, electionDay: spec.electionDay, minAge: 18 }, null)
  await insertVoters(tx, e.id, people.filter((p) => p.eligible), 'rule', null, input.committeeId, new Date(spec.rollClosedAt.getTime() - DAY))
  const candidates: number[][] = []
  for (const [i, c] of spec.contests.entries()) {
    const contest = await tx.electionContest.create({ data: { electionId: e.id, name: c.name, seats: c.seats, sortOrder: i } })
    const ids: number[] = []
    for (const x of c.candidates) {
      const row = await tx.electionCandidate.create({
        data: {
          electionId: e.id, contestId: contest.id, userId: input.residentIds[x.resident], source: 'self', statement: x.statement,
          status: 'approved', reviewedById: input.committeeId, reviewedAt: at((spec.schedule.qualification?.[0] ?? 0) + 2),
        },
      })
      ids.push(row.id)
    }
    candidates.push(ids)
  }
  const voters = await tx.electionVoter.findMany({ where: { electionId: e.id }, select: { id: true, userId: true } })
  const voterIdOf = (userId: number) => voters.find((v) => v.userId === userId)!.id
  return { id: e.id, candidates, voterIdOf }
}

/**
 * Ballots written as `castBallot` writes them, each voter's in one go: the voted mark (online), the
 * ballot under a random 16-byte id with its choices (contest read from the candidate), a tracker.
 */
async function castDemoBallots(tx: SeedTx, voterIdOf: (userId: number) => number, roundId: number, ballots: { voter: number; choices: number[] }[]) {
  const chosen = [...new Set(ballots.flatMap((b) => b.choices))]
  const contestOf = new Map((await tx.electionCandidate.findMany({ where: { id: { in: chosen } }, select: { id: true, contestId: true } })).map((c) => [c.id, c.contestId]))
  for (const b of ballots) {
    await tx.$executeRaw`INSERT INTO election_voted (voter_id, round_id, channel) VALUES (${voterIdOf(b.voter)}, ${roundId}, 'online')`
    const ballotId = randomBytes(16)
    await tx.$executeRaw`INSERT INTO election_ballots (id, round_id) VALUES (${ballotId}, ${roundId})`
    const rows = b.choices.map((id) => Prisma.sql`(${ballotId}, ${contestOf.get(id)!}, ${id})`)
    await tx.$executeRaw`INSERT INTO election_ballot_choices (ballot_id, contest_id, candidate_id) VALUES ${Prisma.join(rows)}`
    await tx.$executeRaw`INSERT INTO election_trackers (tracker, round_id) VALUES (${newTracker()}, ${roundId})`
  }
}
