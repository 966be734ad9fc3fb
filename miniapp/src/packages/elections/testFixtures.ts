/** API answers for the elections pages' unit tests (never imported by the pages themselves). */
import type {
  BallotPaperDto, BoardDto, CandidateDto, ElectionDetailDto, ElectionDto, MyRollDto, ObjectionDto, RollEntryDto, RoundBriefDto, RoundResultDto,
} from '../../services/elections'

export const noActions: ElectionDetailDto['allowedActions'] = {
  update: false, openNext: false, manageRoll: false, object: false, signUp: false, review: false, vote: false, count: false, publish: false,
  addRound: false, manageScrutineers: false, closePhase: false, nominate: false, markPaper: false, enterPaper: false, openRound: false,
}

/** Actions allowed on top of none. */
export function actions(over: Partial<ElectionDetailDto['allowedActions']>): ElectionDetailDto['allowedActions'] {
  return { ...noActions, ...over }
}

export function election(id: number, over: Partial<ElectionDto> = {}): ElectionDto {
  return { id, communityId: 1, title: `第${id}届居民委员会换届选举`, phase: 'registration', phaseLabel: '选民登记', electionDay: '2026-12-20', version: 1, createdAt: '2026-11-01T02:00:00.000Z', ...over }
}

const LABELS = { conditions: '公布条件', registration: '选民登记', nomination: '报名', qualification: '资格审查', preliminary: '初步选举', formal: '正式选举', counting: '计票' } as const

/** The phase timeline with `current` open (the ones before it closed). */
export function phases(current: keyof typeof LABELS | null): ElectionDetailDto['phases'] {
  const all = Object.keys(LABELS) as (keyof typeof LABELS)[]
  const at = current ? all.indexOf(current) : all.length
  return all.map((phase, i) => ({
    phase, label: LABELS[phase],
    startsAt: `2026-12-${String(1 + i * 2).padStart(2, '0')}T00:00:00.000Z`, endsAt: `2026-12-${String(2 + i * 2).padStart(2, '0')}T10:00:00.000Z`,
    openedAt: i <= at ? `2026-12-${String(1 + i * 2).padStart(2, '0')}T00:00:00.000Z` : null,
    closedAt: i < at ? `2026-12-${String(2 + i * 2).padStart(2, '0')}T10:00:00.000Z` : null,
    current: i === at,
  }))
}

export function round(id: number, over: Partial<RoundBriefDto> = {}): RoundBriefDto {
  return { id, kind: 'formal', kindLabel: '正式选举', seq: 1, name: '正式选举', status: 'open', statusLabel: '投票中', opensAt: null, closesAt: null, voted: false, ...over }
}

export function electionDetail(id: number, over: Partial<ElectionDetailDto> = {}): ElectionDetailDto {
  return {
    ...election(id), description: '本社区第十二届居民委员会换届选举。', conditionsText: '年满18周岁、户籍或居住在本社区的居民', minAge: 18,
    rules: { turnout: { num: 1, den: 2 }, elect: { num: 1, den: 2 } },
    rulesText: '选民过半数参加投票选举有效，候选人获得参加投票的选民过半数的选票始得当选',
    hasPreliminary: false, advanceExtra: 1,
    contests: [{ id: 5, name: '主任', seats: 1 }, { id: 6, name: '委员', seats: 2 }],
    phases: phases('registration'), nextPhase: 'nomination', rollClosedAt: null, onRoll: true, rounds: [], scrutineer: false, publishedAt: null,
    allowedActions: noActions, ...over,
  }
}

export function candidate(id: number, over: Partial<CandidateDto> = {}): CandidateDto {
  return {
    id, contestId: 6, contestName: '委员', name: `候选人${id}`, buildingLabel: '3栋', statement: '我愿意为大家服务。', photoUrl: null, source: 'self',
    status: 'approved', statusLabel: '已通过', reviewReason: null, advanced: null, mine: false, version: 1,
    allowedActions: { withdraw: false, review: false }, ...over,
  }
}

/** A ballot paper: 主任 (1 seat: 11, 12) and 委员 (2 seats: 21, 22, 23). */
export function ballotPaper(roundId = 9): BallotPaperDto {
  const c = (id: number, name: string) => ({ id, name, buildingLabel: `${id % 10}栋`, statement: `${name}的竞选陈述`, photoUrl: null })
  return {
    round: round(roundId), electionTitle: '第3届居民委员会换届选举',
    contests: [
      { id: 5, name: '主任', seats: 1, candidates: [c(11, '张建国'), c(12, '李秀兰')] },
      { id: 6, name: '委员', seats: 2, candidates: [c(21, '王芳'), c(22, '赵强'), c(23, '陈静')] },
    ],
  }
}

export function myRoll(onRoll: boolean, removedReason: string | null = null): MyRollDto {
  return {
    onRoll,
    voter: onRoll || removedReason
      ? { id: 31, maskedName: '测*户', buildingLabel: '3栋', source: 'rule', sourceLabel: '按条件登记', addedReason: null, removedAt: removedReason ? '2026-12-02T02:00:00.000Z' : null, removedReason }
      : null,
  }
}

export const rollEntry = (id: number, name = '王*芳', building = '3栋'): RollEntryDto => ({ id, maskedName: name, buildingLabel: building })

export function objection(id: number, over: Partial<ObjectionDto> = {}): ObjectionDto {
  return {
    id, kind: 'missing', kindLabel: '应登记未登记', subject: null, subjectText: null, reason: '我住在本社区三年了', status: 'pending', statusLabel: '待处理',
    resolution: null, resolvedAt: null, createdAt: '2026-12-03T02:00:00.000Z', filer: null, ...over,
  }
}

export function roundResult(id: number, over: Partial<RoundResultDto> = {}): RoundResultDto {
  return {
    id, kind: 'formal', kindLabel: '正式选举', seq: 1, name: '正式选举', status: 'counted', registeredVoters: 200, ballotsCast: 150, paperBallots: 30, turnout: 0.75, valid: true,
    countedAt: '2026-12-20T10:00:00.000Z',
    contests: [
      {
        contestId: 5, name: '主任', seats: 1, filled: 1, unfilled: 0, tie: false,
        candidates: [
          { candidateId: 11, name: '张建国', onlineVotes: 90, paperVotes: 20, votes: 110, outcome: 'elected', outcomeLabel: '当选' },
          { candidateId: 12, name: '李秀兰', onlineVotes: 30, paperVotes: 10, votes: 40, outcome: 'not_elected', outcomeLabel: '未当选' },
        ],
      },
      {
        contestId: 6, name: '委员', seats: 2, filled: 0, unfilled: 2, tie: true,
        candidates: [
          { candidateId: 21, name: '王芳', onlineVotes: 50, paperVotes: 10, votes: 60, outcome: 'tie', outcomeLabel: '票数相同' },
          { candidateId: 22, name: '赵强', onlineVotes: 50, paperVotes: 10, votes: 60, outcome: 'tie', outcomeLabel: '票数相同' },
        ],
      },
    ],
    ...over,
  }
}

export function board(over: Partial<BoardDto> = {}): BoardDto {
  const { contests: _c, ...totals } = roundResult(9)
  return { round: totals, trackers: ['23456789ABCD', 'K7M3QX9A2B4C'], trackerCount: 120, votedOnline: 120, found: null, ...over }
}
