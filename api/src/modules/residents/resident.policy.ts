import { roleScope, inStaffScope, type Actor } from '../../core/actor.ts'

export type PiiField = 'realName' | 'idNumber' | 'phone'

export type ResidentRecord = {
  userId: number
  bindings: { status: string; streetId: number; communityId: number; gridId: number }[]
}

const live = (r: ResidentRecord) => r.bindings.filter((b) => b.status === 'pending' || b.status === 'approved')
const approved = (r: ResidentRecord) => r.bindings.filter((b) => b.status === 'approved')

/** The caller can see that this resident exists: themselves, or staff over one of their households. */
export function canSeeResident(actor: Actor, r: ResidentRecord): boolean {
  return r.userId === actor.id || live(r).some((b) => inStaffScope(actor, b))
}

/**
 * Which unmasked fields the caller may ask for. Only the roles whose work needs them: the person
 * themselves; committee staff of a community the resident lives in or asks to live in (they verify
 * identity); the grid worker and grid leader over an approved household (name and phone to visit).
 */
export function revealableFields(actor: Actor, r: ResidentRecord): PiiField[] {
  if (r.userId === actor.id) return ['realName', 'idNumber', 'phone']
  if (live(r).some((b) => roleScope(actor, 'committee').communityIds.includes(b.communityId))) {
    return ['realName', 'idNumber', 'phone']
  }
  const overHousehold =
    approved(r).some((b) => roleScope(actor, 'grid_worker').gridIds.includes(b.gridId)) ||
    approved(r).some((b) => roleScope(actor, 'grid_leader').communityIds.includes(b.communityId))
  return overHousehold ? ['realName', 'phone'] : []
}
