import { roleScope, inStaffScope, type Actor } from '../../core/actor.ts'
import type { Policy } from '../../core/policy.ts'

export type BindingRecord = {
  userId: number
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn'
  communityId: number
  gridId: number
  household: { streetId: number }
  /** The requester's profile, when loaded: an ID number under review has no look-up hash yet. */
  user?: { profile: { idNumberHmac: Uint8Array | null } | null }
}

const placed = (b: BindingRecord) => ({ streetId: b.household.streetId, communityId: b.communityId, gridId: b.gridId })

/** Committee staff of the binding's community review it. */
const canReview = (actor: Actor, b: BindingRecord) => roleScope(actor, 'committee').communityIds.includes(b.communityId)

/** Approving and rejecting: committee staff in scope, never on their own request (no self-review). */
const review: Policy<BindingRecord> = (actor, b) => {
  if (!canReview(actor, b)) return '只有本社区的社区工作人员可以审核'
  if (b.userId === actor.id) return '不能审核自己的房屋绑定申请，请由本社区其他工作人员审核'
  return b.status === 'pending' || '该申请已处理'
}

export const bindingPolicy = {
  view: ((actor, b) => b.userId === actor.id || inStaffScope(actor, placed(b))) as Policy<BindingRecord>,
  approve: ((actor, b) => {
    const verdict = review(actor, b)
    if (verdict !== true) return verdict
    return !b.user || Boolean(b.user.profile?.idNumberHmac) || '申请人的身份证号尚待社区核实，核实后才能通过'
  }) as Policy<BindingRecord>,
  reject: review,
  withdraw: ((actor, b) => {
    if (b.userId !== actor.id) return '只能撤回自己的申请'
    return b.status === 'pending' || b.status === 'approved' || '该申请已结束'
  }) as Policy<BindingRecord>,
}

export type HouseholdRecord = { id: number; streetId: number; communityId: number; gridId: number }

export const householdPolicy = {
  /** Staff in scope, or a resident bound (approved) to it. */
  view: ((actor, h) => inStaffScope(actor, h) || actor.residence.householdIds.includes(h.id)) as Policy<HouseholdRecord>,
}
