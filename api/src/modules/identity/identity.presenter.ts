import { inStaffScope, type Actor } from '../../core/actor.ts'
import { allowedActions } from '../../core/policy.ts'
import { maskName } from '../../core/pii.ts'
import { householdAddress } from '../households/household.presenter.ts'
import { identityReviewPolicy } from './identity.policy.ts'
import { reviewRecord, type IdentityReviewRow } from './identity.service.ts'

type PartyRow = NonNullable<IdentityReviewRow['holder']>

/** One party of a claim, masked; only the households in the caller's scope are named. */
function presentParty(p: PartyRow, actor: Actor) {
  const inScope = p.bindings.filter((b) => inStaffScope(actor, { streetId: b.household.streetId, communityId: b.communityId, gridId: b.gridId }))
  return {
    userId: p.id,
    realName: p.profile?.realName ? maskName(p.profile.realName) : null,
    idNumber: p.profile?.idNumberMasked ?? null,
    households: inScope.map((b) => householdAddress(b.household)),
    otherHouseholds: p.bindings.length - inScope.length,
  }
}

/** An identity claim as committee or street staff see it, with the caller's allowed decisions. */
export function presentIdentityReview(r: IdentityReviewRow, actor: Actor) {
  return {
    id: r.id,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    reason: r.reason,
    claimant: presentParty(r.claimant, actor),
    holder: r.holder ? presentParty(r.holder, actor) : null,
    policies: allowedActions(actor, { reject: identityReviewPolicy.reject, transfer: identityReviewPolicy.transfer }, reviewRecord(r)),
  }
}
