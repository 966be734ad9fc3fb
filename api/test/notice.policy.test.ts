import { describe, expect, it } from 'vitest'
import type { Actor } from '../src/core/actor.ts'
import { testStaff } from './support/actors.ts'
import { canManageCommunity, noticePolicy, noticeState, type NoticeRecord, type NoticeState } from '../src/modules/notices/notice.policy.ts'

const NOW = new Date('2026-12-01T02:00:00Z')
const HOUR = 3600_000
const at = (ms: number) => new Date(NOW.getTime() + ms)

const actor = (roles: Actor['roles'], staff: Partial<Actor['staff']> = {}, residence: Partial<Actor['residence']> = {}): Actor => ({
  id: 100,
  displayName: 'x',
  sessionVersion: 0,
  roles,
  staff: testStaff(roles, staff),
  residence: { householdIds: [], buildingIds: [], gridIds: [], communityIds: [], streetIds: [], ...residence },
})

// The notice belongs to community 1 of street 9; community 2 is in the same street, street 8 is another.
const committeeC1 = actor(['committee'], { communityIds: [1] })
const committeeC2 = actor(['committee'], { communityIds: [2] })
const streetS9 = actor(['street'], { streetIds: [9] })
const streetS8 = actor(['street'], { streetIds: [8] })
const gridWorkerC1 = actor(['grid_worker'], { gridIds: [11], gridCommunityIds: [1] })
const gridWorkerC2 = actor(['grid_worker'], { gridIds: [21], gridCommunityIds: [2] })
const leaderC1 = actor(['grid_leader'], { communityIds: [1] })
const residentC1 = actor(['resident'], {}, { householdIds: [5], buildingIds: [50], gridIds: [11], communityIds: [1], streetIds: [9] })
const admin = actor(['admin'])

/** A notice of community 1 (street 9) in one of the five states a person can see. */
const notice = (state: NoticeState, importance: NoticeRecord['importance'] = 'important'): NoticeRecord => {
  const base = { streetId: 9, communityId: 1, importance, publishAt: null, expiresAt: null }
  switch (state) {
    case 'draft': return { ...base, status: 'draft' }
    case 'scheduled': return { ...base, status: 'scheduled', publishAt: at(2 * HOUR) }
    case 'published': return { ...base, status: 'published', publishAt: at(-2 * HOUR) }
    case 'withdrawn': return { ...base, status: 'withdrawn', publishAt: at(-2 * HOUR) }
    case 'expired': return { ...base, status: 'published', publishAt: at(-2 * HOUR), expiresAt: at(-HOUR) }
  }
}

const verdicts = (a: Actor, n: NoticeRecord) =>
  Object.fromEntries(Object.entries(noticePolicy(NOW)).map(([k, p]) => [k, p(a, n) === true]))

const STATES: NoticeState[] = ['draft', 'scheduled', 'published', 'withdrawn', 'expired']
const none = { edit: false, publish: false, withdraw: false, viewReads: false }
const nothing = Object.fromEntries(STATES.map((s) => [s, none])) as Record<NoticeState, typeof none>
/** What a manager of the notice's community (its committee or its street) may do in each state. */
const managerCan: Record<NoticeState, typeof none> = {
  draft: { edit: true, publish: true, withdraw: false, viewReads: false },
  scheduled: { edit: true, publish: true, withdraw: true, viewReads: true },
  published: { edit: true, publish: false, withdraw: true, viewReads: true },
  withdrawn: { edit: false, publish: false, withdraw: false, viewReads: true },
  expired: { edit: true, publish: false, withdraw: true, viewReads: true },
}
/** Grid staff of the community only follow the reads of an important notice once it is out of draft. */
const followerCan: Record<NoticeState, typeof none> = {
  draft: none,
  scheduled: { ...none, viewReads: true },
  published: { ...none, viewReads: true },
  withdrawn: { ...none, viewReads: true },
  expired: { ...none, viewReads: true },
}

describe('noticePolicy: actor × state (an important notice of community 1, street 9)', () => {
  const actors: [string, Actor, Record<NoticeState, typeof none>][] = [
    ['committee of the community', committeeC1, managerCan],
    ['street staff of the street', streetS9, managerCan],
    ['committee of another community of the same street', committeeC2, nothing],
    ['street staff of another street', streetS8, nothing],
    ['grid worker of a grid of the community', gridWorkerC1, followerCan],
    ['grid leader of the community', leaderC1, followerCan],
    ['grid worker of another community', gridWorkerC2, nothing],
    ['resident of the community', residentC1, nothing],
    ['admin', admin, nothing],
  ]
  const table = actors.flatMap(([who, a, expected]) => STATES.map((s) => [who, s, a, expected[s]] as const))
  it.each(table)('%s, %s notice', (_who, state, a, expected) => {
    const n = notice(state)
    expect(noticeState(n, NOW)).toBe(state)
    expect(verdicts(a, n)).toEqual(expected)
  })
})

describe('noticePolicy.viewReads of a normal notice', () => {
  it.each([
    ['committee of the community', committeeC1],
    ['street staff of the street', streetS9],
    ['grid worker of the community', gridWorkerC1],
  ])('is refused to %s: normal notices keep no receipts', (_who, a) => {
    for (const s of STATES) expect(noticePolicy(NOW).viewReads(a, notice(s, 'normal'))).toBe('只有重要公告记录阅读情况')
  })
})

describe('noticePolicy refusals explain themselves', () => {
  const p = noticePolicy(NOW)
  it.each([
    ['edit out of scope', p.edit(streetS8, notice('draft')), '只能编辑本社区（本街道）的公告'],
    ['edit a withdrawn notice', p.edit(committeeC1, notice('withdrawn')), '已撤回的公告不能编辑'],
    ['publish out of scope', p.publish(committeeC2, notice('draft')), '只能发布本社区（本街道）的公告'],
    ['publish a published notice', p.publish(streetS9, notice('published')), '该公告已发布或已撤回'],
    ['withdraw out of scope', p.withdraw(residentC1, notice('published')), '只能撤回本社区（本街道）的公告'],
    ['withdraw a draft', p.withdraw(committeeC1, notice('draft')), '该公告未发布或已撤回'],
    ['read receipts of a draft', p.viewReads(committeeC1, notice('draft')), '公告尚未发布'],
    ['read receipts for a resident', p.viewReads(residentC1, notice('published')), '无权查看阅读情况'],
  ])('%s', (_what, verdict, reason) => expect(verdict).toBe(reason))
})

describe('noticeState derives what a person sees from status and times', () => {
  const n = (over: Partial<NoticeRecord>): NoticeRecord => ({ streetId: 9, communityId: 1, importance: 'normal', status: 'published', publishAt: null, expiresAt: null, ...over })
  it.each([
    ['a scheduled notice whose time has come is published', n({ status: 'scheduled', publishAt: at(-1) }), 'published'],
    ['a scheduled notice at exactly its time is published', n({ status: 'scheduled', publishAt: NOW }), 'published'],
    ['a scheduled notice one millisecond early is scheduled', n({ status: 'scheduled', publishAt: at(1) }), 'scheduled'],
    ['a published notice expires at exactly its expiry', n({ expiresAt: NOW }), 'expired'],
    ['a published notice one millisecond before expiry is published', n({ expiresAt: at(1) }), 'published'],
    ['a scheduled notice past its expiry is expired', n({ status: 'scheduled', publishAt: at(-2 * HOUR), expiresAt: at(-HOUR) }), 'expired'],
    ['a withdrawn notice stays withdrawn after its expiry', n({ status: 'withdrawn', expiresAt: at(-HOUR) }), 'withdrawn'],
    ['a draft stays a draft after its expiry', n({ status: 'draft', expiresAt: at(-HOUR) }), 'draft'],
  ])('%s', (_what, record, state) => expect(noticeState(record, NOW)).toBe(state))

  it('the same scheduled notice can be published once its time has passed, then no longer', () => {
    const scheduled = notice('scheduled')
    expect(noticePolicy(NOW).publish(committeeC1, scheduled)).toBe(true)
    expect(noticePolicy(at(3 * HOUR)).publish(committeeC1, scheduled)).toBe('该公告已发布或已撤回')
    expect(noticePolicy(at(3 * HOUR)).withdraw(committeeC1, scheduled)).toBe(true)
  })
})

describe('canManageCommunity (who may create a notice for a community)', () => {
  it.each([
    ['committee of the community', committeeC1, true],
    ['street staff of the street', streetS9, true],
    ['committee of another community', committeeC2, false],
    ['street staff of another street', streetS8, false],
    ['a grid leader of the community', leaderC1, false],
    ['a grid worker of the community', gridWorkerC1, false],
    ['a resident of the community', residentC1, false],
    ['admin', admin, false],
    ['a street scope without the street role', actor(['grid_leader'], { streetIds: [9] }), false],
  ])('%s → %s', (_who, a, allowed) => expect(canManageCommunity(a, { streetId: 9, communityId: 1 })).toBe(allowed))
})

describe('several roles: each acts within its own scope', () => {
  // Committee of community 2 and grid leader of community 1 (the notice's community).
  const twoHats = actor(['committee', 'grid_leader'], {
    communityIds: [1, 2],
    byRole: {
      committee: { streetIds: [], communityIds: [2], gridIds: [], gridCommunityIds: [] },
      grid_leader: { streetIds: [], communityIds: [1], gridIds: [], gridCommunityIds: [] },
    },
  })
  it('manages only the community where it is committee', () => {
    expect(canManageCommunity(twoHats, { streetId: 9, communityId: 1 })).toBe(false)
    expect(canManageCommunity(twoHats, { streetId: 9, communityId: 2 })).toBe(true)
  })
  it("cannot edit or withdraw community 1's notice, but follows its reads as grid leader", () => {
    const p = noticePolicy(NOW)
    const n = notice('published')
    expect(p.edit(twoHats, n)).not.toBe(true)
    expect(p.withdraw(twoHats, n)).not.toBe(true)
    expect(p.viewReads(twoHats, n)).toBe(true)
  })
})
