import { roleScope, type Actor, type Role } from '../../core/actor.ts'
import type { Policy } from '../../core/policy.ts'

/** An identity claim with the places of both parties' live (pending or approved) bindings. */
export type IdentityReviewRecord = {
  status: 'pending' | 'rejected' | 'transferred' | 'withdrawn'
  claimantId: number
  holderId: number | null
  /** Communities and streets of the claimant's and the holder's live bindings. */
  places: { communityId: number; streetId: number }[]
}

/** The role that decides identity reviews (in a community where either party lives). */
export const IDENTITY_REVIEWER_ROLE = 'committee' satisfies Role

/** The roles that see identity reviews (身份核实): committee staff decide them, street staff follow them. */
export const IDENTITY_VIEWER_ROLES = [IDENTITY_REVIEWER_ROLE, 'street'] as const satisfies readonly Role[]

const reviewsCommunity = (actor: Actor, r: IdentityReviewRecord) =>
  r.places.some((p) => roleScope(actor, IDENTITY_REVIEWER_ROLE).communityIds.includes(p.communityId))
const isParty = (actor: Actor, r: IdentityReviewRecord) => actor.id === r.claimantId || actor.id === r.holderId

/** A decision is committee work in a community where either party lives, never one's own case. */
const decide: Policy<IdentityReviewRecord> = (actor, r) => {
  if (!reviewsCommunity(actor, r)) return '只有当事居民所在社区的社区工作人员可以核实'
  if (isParty(actor, r)) return '不能核实与自己有关的身份信息'
  return r.status === 'pending' || '该核实已处理'
}

export const identityReviewPolicy = {
  /** The list: committee or street staff (what each sees is their scope, in the query). */
  list: ((actor) => {
    const s = roleScope(actor, ...IDENTITY_VIEWER_ROLES)
    return s.communityIds.length + s.streetIds.length > 0 || '只有社区和街道工作人员可以查看身份核实'
  }) as Policy<null>,
  /** Committee or street staff over a community where either party lives. */
  view: ((actor, r) =>
    reviewsCommunity(actor, r) || r.places.some((p) => roleScope(actor, 'street').streetIds.includes(p.streetId))) as Policy<IdentityReviewRecord>,
  reject: decide,
  transfer: decide,
}
