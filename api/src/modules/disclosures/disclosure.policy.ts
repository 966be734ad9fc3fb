import { roleScope, type Actor, type Role } from '../../core/actor.ts'
import type { Policy } from '../../core/policy.ts'

/** What the policies need to know about one version of an item. */
export type DisclosureFacts = { communityId: number; streetId: number; status: 'published' | 'superseded' | 'withdrawn' }

/** The role that writes 三务公开 (in its own community). */
export const DISCLOSURE_WRITER_ROLE = 'committee' satisfies Role

/** Committee staff of the community write its disclosures. */
export const managesDisclosures = (actor: Actor, communityId: number) => roleScope(actor, DISCLOSURE_WRITER_ROLE).communityIds.includes(communityId)

/** Street staff of the community's street read (and never write) its disclosures. */
const streetReads = (actor: Actor, streetId: number) => roleScope(actor, 'street').streetIds.includes(streetId)

/** A resident of the community: an approved household binding there. */
export const livesIn = (actor: Actor, communityId: number) => actor.residence.communityIds.includes(communityId)

/** The audience of a community's disclosures; everyone else gets 404. */
export const canRead = (actor: Actor, d: Pick<DisclosureFacts, 'communityId' | 'streetId'>) =>
  managesDisclosures(actor, d.communityId) || streetReads(actor, d.streetId) || livesIn(actor, d.communityId)

/** Policies for one version; `allowedActions` sends them to the client. */
export const disclosurePolicy = {
  correct: ((actor, d) => {
    if (!managesDisclosures(actor, d.communityId)) return '只有本社区工作人员可以更正'
    return d.status === 'published' || (d.status === 'superseded' ? '该版本已被更正，请更正最新版本' : '已撤回的事项不能更正')
  }) as Policy<DisclosureFacts>,
  withdraw: ((actor, d) => {
    if (!managesDisclosures(actor, d.communityId)) return '只有本社区工作人员可以撤回'
    return d.status === 'published' || (d.status === 'superseded' ? '该版本已被更正，请撤回最新版本' : '该事项已撤回')
  }) as Policy<DisclosureFacts>,
  /** Residents of the community ask; staff answer rather than ask. */
  ask: ((actor, d) => livesIn(actor, d.communityId) || '只有本社区居民可以提问') as Policy<DisclosureFacts>,
}

/** Staff who moderate and answer questions on the community's items. */
export const moderatesQuestions = managesDisclosures
