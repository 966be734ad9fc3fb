import { describe, expect, it } from 'vitest'
import type { Actor } from '../../core/actor.ts'
import { testStaff } from '../../../test/support/actors.ts'
import { allowedTransition, canSee, discussionOpen, inAudience, topicPolicies, type TopicFacts } from './consultation.policy.ts'

const resident = (over: Partial<Actor['residence']> = {}): Actor => ({
  id: 7, displayName: '张三', sessionVersion: 0, roles: ['resident'], staff: testStaff(['resident']),
  residence: { householdIds: [70], buildingIds: [30], gridIds: [20], communityIds: [1], streetIds: [9], ...over },
})
const committee: Actor = { id: 99, displayName: '周慧', sessionVersion: 0, roles: ['committee'], staff: testStaff(['committee'], { communityIds: [1] }), residence: { householdIds: [], buildingIds: [], gridIds: [], communityIds: [], streetIds: [] } }
const topic = (over: Partial<TopicFacts> = {}): TopicFacts => ({
  communityId: 1, state: 'discussion', audience: 'community', createdById: 1, decisionMethod: 'vote', discussionEndsAt: null, targets: [], ...over,
})

describe('consultation policy', () => {
  it('audience: the whole community, or a matching grid / building only', () => {
    expect(inAudience(resident(), topic())).toBe(true)
    expect(inAudience(resident({ communityIds: [2] }), topic())).toBe(false)
    expect(inAudience(resident(), topic({ audience: 'grids', targets: [{ gridId: 20, buildingId: null }] }))).toBe(true)
    expect(inAudience(resident(), topic({ audience: 'grids', targets: [{ gridId: 21, buildingId: null }] }))).toBe(false)
    expect(inAudience(resident(), topic({ audience: 'buildings', targets: [{ gridId: null, buildingId: 30 }] }))).toBe(true)
    expect(inAudience(resident(), topic({ audience: 'buildings', targets: [{ gridId: null, buildingId: 31 }] }))).toBe(false)
  })

  it('a held proposal is seen by its proposer and the committee only', () => {
    expect(canSee(resident(), topic({ state: 'proposed', createdById: 7 }))).toBe(true)
    expect(canSee(resident(), topic({ state: 'proposed', createdById: 8 }))).toBe(false)
    expect(canSee(committee, topic({ state: 'proposed', createdById: 8 }))).toBe(true)
  })

  it('the decision method decides where a discussion may go', () => {
    expect(allowedTransition(topic({ decisionMethod: 'vote' }), 'voting')).toBe(true)
    expect(allowedTransition(topic({ decisionMethod: 'vote' }), 'decided')).toBe(false)
    expect(allowedTransition(topic({ decisionMethod: 'meeting' }), 'decided')).toBe(false) // recorded through POST …/decision
    expect(allowedTransition(topic({ decisionMethod: 'none' }), 'decided')).toBe(true)
    expect(allowedTransition(topic({ decisionMethod: 'none' }), 'voting')).toBe(false)
    expect(allowedTransition(topic({ state: 'expired' }), 'closed')).toBe(false)
  })

  it('opinions only inside the window; buttons per role', () => {
    const now = new Date('2026-12-01T00:00:00Z')
    expect(discussionOpen(topic({ discussionEndsAt: new Date('2026-12-02T00:00:00Z') }), now)).toBe(true)
    expect(discussionOpen(topic({ discussionEndsAt: new Date('2026-11-30T00:00:00Z') }), now)).toBe(false)
    expect(topicPolicies(resident(), topic({ state: 'gathering' }), now, false)).toMatchObject({ support: true, adopt: false, transition: false, opine: false })
    expect(topicPolicies(resident(), topic({ state: 'gathering' }), now, true).support).toBe(false)
    expect(topicPolicies(committee, topic({ state: 'gathering' }), now, false)).toMatchObject({ support: false, adopt: true, transition: true, moderate: true })
  })
})
