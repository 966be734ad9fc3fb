import { formatDateOnly } from '../../core/time.ts'
import { householdAddress } from '../households/household.presenter.ts'
import { CARE_FLAG_LABELS, VISIT_KIND_LABELS, type CareFlag, type VisitKind } from './visit.schema.ts'

export type PlaceRow = { id: number; unit: string; room: string; building: { estate: string; name: string; grid: { id: number; name: string } } }

/** The Prisma include giving a household's address and grid (no resident data). */
export const placeInclude = { building: { select: { estate: true, name: true, grid: { select: { id: true, name: true } } } } } as const

/** A household by its address and grid; staff in scope only ever get this, never its residents. */
export function presentPlace(h: PlaceRow) {
  return { id: h.id, address: householdAddress(h), grid: { id: h.building.grid.id, name: h.building.grid.name } }
}

/** Care flags with their labels, in the order of CARE_FLAG_LABELS. */
export function presentFlags(flags: CareFlag[]) {
  return (Object.keys(CARE_FLAG_LABELS) as CareFlag[]).filter((f) => flags.includes(f)).map((flag) => ({ flag, label: CARE_FLAG_LABELS[flag] }))
}

type VisitRow = {
  id: number; visitedOn: Date; kind: VisitKind; notes: string; followUps: string | null; createdAt: Date
  household: PlaceRow; worker: { id: number; displayName: string }
}

/** One entry of the visit log. */
export function presentVisit(v: VisitRow) {
  return {
    id: v.id,
    visitedOn: formatDateOnly(v.visitedOn),
    kind: v.kind,
    kindLabel: VISIT_KIND_LABELS[v.kind],
    notes: v.notes,
    followUps: v.followUps,
    household: presentPlace(v.household),
    worker: { id: v.worker.id, name: v.worker.displayName },
    createdAt: v.createdAt.toISOString(),
  }
}

/** A 五必访 household not yet visited this month. */
export function presentDueVisit(h: PlaceRow & { careFlags: { flag: CareFlag }[]; visits: { visitedOn: Date }[] }) {
  return {
    household: presentPlace(h),
    flags: presentFlags(h.careFlags.map((f) => f.flag)),
    lastVisitedOn: h.visits[0] ? formatDateOnly(h.visits[0].visitedOn) : null,
  }
}
