import { fireEvent, render } from '@testing-library/react'
import { routerParams } from '../../../../test/mocks/taro'
import { api, byId, route, signIn, type Call, type Reply } from '../../../../test/support'
import type { CandidateDto, ElectionDetailDto, ObjectionDto, RoundBriefDto, RoundResultDto } from '../../../services/elections'
import ElectionAdminPage from './index'

/* Test data and a fake API for the workbench's election pages (imported by tests only), typed by the contract. */

export const ok = (data: unknown, status = 200): Reply => ({ statusCode: status, data: { data } })
export const page = (items: unknown[]): Reply => ({ statusCode: 200, data: { data: items, page: { nextCursor: null } } })
export const fail = (status: number, code: string, message: string): Reply => ({ statusCode: status, data: { error: { code, message }, requestId: 'r-1' } })
/** Types into the input or textarea of the field with this id (as the e2e fills `#id input`). */
export const type = (wrapperId: string, value: string) => fireEvent.change(byId(wrapperId).querySelector('input, textarea')!, { target: { value } })
/** The writes among the calls. */
export const posts = (calls: Call[]) => calls.filter((c) => c.method !== 'GET')

/**
 * Serves election 1's page: the detail (which may change between reads), the roll (voters 51 and
 * 52), empty objections, candidates and scrutineers unless `lists` says otherwise, and `act` for the writes.
 */
export function serve(detail: () => ElectionDetailDto, act: (c: Call) => Reply | undefined = () => undefined, lists: Record<string, () => unknown[]> = {}) {
  return api((c) => {
    const r = route(c).split('?')[0]!
    if (c.method !== 'GET') return act(c) ?? ok({})
    if (r === '/elections/1') return ok(detail())
    if (r === '/elections/1/roll') return page([{ id: 51, maskedName: '张*明', buildingLabel: '3栋' }, { id: 52, maskedName: '李*', buildingLabel: '5栋' }])
    const name = r.replace('/elections/1/', '')
    if (['objections', 'candidates', 'scrutineers', 'results', 'people'].includes(name)) return ok(lists[name]?.() ?? [])
    return fail(404, 'NOT_FOUND', '未找到')
  })
}

/** Opens 管理选举 for election 1 as committee staff. */
export function openElectionPage() {
  signIn(['committee'])
  routerParams.current = { id: '1' }
  render(<ElectionAdminPage />)
}

/** Every staff action off: a test turns on the ones its page should offer. */
export const NO_ACTIONS: ElectionDetailDto['allowedActions'] = {
  update: false, openNext: false, manageRoll: false, object: false, signUp: false, review: false,
  vote: false, count: false, publish: false, addRound: false, manageScrutineers: false, closePhase: false, nominate: false, markPaper: false, enterPaper: false, openRound: false,
}

const PHASES = [
  ['conditions', '公布条件'], ['registration', '选民登记'], ['nomination', '报名'], ['qualification', '资格审查'], ['formal', '正式选举'], ['counting', '计票'],
] as const

/** An election of 青石社区 as the API's detail answers it (a draft unless overridden). */
export function electionDetail(over: Partial<ElectionDetailDto> = {}, actions: Partial<ElectionDetailDto['allowedActions']> = {}): ElectionDetailDto {
  const phase = over.phase ?? 'draft'
  return {
    id: 1, communityId: 3, title: '第十二届居委会换届选举', phase, phaseLabel: '草稿', electionDay: '2026-12-20', version: 2, createdAt: '2026-11-20T02:00:00Z',
    description: '', conditionsText: '年满十八周岁的本社区居民', minAge: 18,
    rules: { turnout: { num: 1, den: 2 }, elect: { num: 1, den: 2 } },
    rulesText: '选民过半数参加投票选举有效，候选人获得参加投票的选民过半数的选票始得当选',
    hasPreliminary: false, advanceExtra: 1,
    contests: [{ id: 11, name: '主任', seats: 1 }, { id: 12, name: '委员', seats: 2 }],
    phases: PHASES.map(([p, label]) => ({ phase: p, label, startsAt: null, endsAt: null, openedAt: null, closedAt: null, current: p === phase })),
    nextPhase: null, rollClosedAt: null, onRoll: null, rounds: [], scrutineer: false, publishedAt: null,
    ...over,
    allowedActions: { ...NO_ACTIONS, ...actions },
  }
}

export function round(over: Partial<RoundBriefDto> = {}): RoundBriefDto {
  return { id: 21, kind: 'formal', kindLabel: '正式选举', seq: 1, name: '正式选举', status: 'open', statusLabel: '投票中', opensAt: null, closesAt: null, voted: null, ...over }
}

export function candidate(over: Partial<CandidateDto> = {}): CandidateDto {
  return {
    id: 31, contestId: 11, contestName: '主任', name: '张建国', buildingLabel: '3栋', statement: '为大家服务', photoUrl: null, source: 'self',
    status: 'pending', statusLabel: '待审查', reviewReason: null, advanced: null, mine: false, version: 0,
    allowedActions: { withdraw: false, review: true }, ...over,
  }
}

export function objection(over: Partial<ObjectionDto> = {}): ObjectionDto {
  return {
    id: 41, kind: 'missing', kindLabel: '应登记未登记', subject: null, subjectText: null, reason: '我住在本社区五年了', status: 'pending', statusLabel: '待处理',
    resolution: null, resolvedAt: null, createdAt: '2026-11-25T02:00:00Z', filer: '李*', ...over,
  }
}

export function roundResult(over: Partial<RoundResultDto> = {}): RoundResultDto {
  return {
    id: 21, kind: 'formal', kindLabel: '正式选举', seq: 1, name: '正式选举', status: 'counted', registeredVoters: 100, ballotsCast: 60, paperBallots: 0, turnout: 0.6, valid: true,
    countedAt: '2026-12-20T10:00:00Z',
    contests: [{
      contestId: 11, name: '主任', seats: 1, filled: 1, unfilled: 0, tie: false,
      candidates: [
        { candidateId: 31, name: '张建国', onlineVotes: 40, paperVotes: 0, votes: 40, outcome: 'elected', outcomeLabel: '当选' },
        { candidateId: 32, name: '王芳', onlineVotes: 20, paperVotes: 0, votes: 20, outcome: 'not_elected', outcomeLabel: '未当选' },
      ],
    }],
    ...over,
  }
}
