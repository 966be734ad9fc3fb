import { inStaffScope, type Actor } from '../../core/actor.ts'
import { allowedActions } from '../../core/policy.ts'
import { maskName } from '../../core/pii.ts'
import { bindingPolicy, type BindingRecord } from './household.policy.ts'
import { RELATION_LABELS, STATUS_LABELS } from './household.schema.ts'

export type HouseholdRow = {
  id: number
  unit: string
  room: string
  streetId: number
  communityId: number
  gridId: number
  building: { estate: string; name: string; grid: { id: number; name: string }; community: { id: number; name: string } }
}

/** `青石花园 3号楼 2单元 301室`. */
export function householdAddress(h: { unit: string; room: string; building: { estate: string; name: string } }) {
  return `${h.building.estate} ${h.building.name} ${h.unit}单元 ${h.room}室`
}

/** A household as shown inside other records. */
export function presentHouseholdRef(h: HouseholdRow) {
  return {
    id: h.id,
    address: householdAddress(h),
    estate: h.building.estate,
    building: h.building.name,
    unit: h.unit,
    room: h.room,
    community: { id: h.building.community.id, name: h.building.community.name },
    grid: { id: h.building.grid.id, name: h.building.grid.name },
  }
}

export type BindingRow = BindingRecord & {
  id: number
  relation: 'owner' | 'family' | 'tenant'
  reason: string | null
  createdAt: Date
  reviewedAt: Date | null
  household: HouseholdRow
  user?: { id: number; profile: { realName: string | null; idNumberMasked: string | null; phoneMasked: string | null; idNumberHmac: Uint8Array | null } | null }
}

/**
 * A binding request. Staff in scope see who asked, masked (their own request too, so a committee
 * member's own request reads right in the review list, where its policies forbid deciding it);
 * the resident sees their own request. The caller's allowed actions come with it.
 */
export function presentBinding(b: BindingRow, actor: Actor) {
  const showResident = b.userId !== actor.id || inStaffScope(actor, { streetId: b.household.streetId, communityId: b.communityId, gridId: b.gridId })
  return {
    id: b.id,
    status: b.status,
    statusLabel: STATUS_LABELS[b.status],
    relation: b.relation,
    relationLabel: RELATION_LABELS[b.relation],
    reason: b.reason,
    createdAt: b.createdAt.toISOString(),
    reviewedAt: b.reviewedAt?.toISOString() ?? null,
    household: presentHouseholdRef(b.household),
    ...(showResident && b.user
      ? {
          resident: {
            id: b.user.id,
            realName: b.user.profile?.realName ? maskName(b.user.profile.realName) : null,
            idNumber: b.user.profile?.idNumberMasked ?? null,
            phone: b.user.profile?.phoneMasked ?? null,
          },
        }
      : {}),
    policies: allowedActions(actor, { approve: bindingPolicy.approve, reject: bindingPolicy.reject, withdraw: bindingPolicy.withdraw }, b),
  }
}

export type OccupantRow = {
  relation: 'owner' | 'family' | 'tenant'
  user: { id: number; profile: { realName: string | null; phoneMasked: string | null } | null }
}

/** A household with its bound residents, masked. */
export function presentHousehold(h: HouseholdRow & { bindings: OccupantRow[] }) {
  return {
    ...presentHouseholdRef(h),
    occupants: h.bindings.map((o) => ({
      userId: o.user.id,
      realName: o.user.profile?.realName ? maskName(o.user.profile.realName) : null,
      phone: o.user.profile?.phoneMasked ?? null,
      relation: o.relation,
      relationLabel: RELATION_LABELS[o.relation],
    })),
  }
}
