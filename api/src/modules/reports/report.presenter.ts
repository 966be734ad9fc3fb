import type { Actor } from '../../core/actor.ts'
import type { FileUrls } from '../../core/fileUrls.ts'
import { maskName } from '../../core/pii.ts'
import { reportPolicies, REOPEN_DAYS, type ReportRecord } from './report.policy.ts'
import {
  ACTOR_ROLE_LABELS, ESCALATION_LABELS, REPORT_EVENT_LABELS, REPORT_STATUS_LABELS, type ActorRoleLabelKey, type ReportEventKind, type ReportStatus,
} from './report.schema.ts'

/** A report as `reportRow` reads it (report.rows.ts): the policy's fields and what the views show. */
export type ReportRow = Pick<
  ReportRecord, 'status' | 'reporterId' | 'assigneeId' | 'gridId' | 'communityId' | 'streetId' | 'departmentId' | 'handlingUnit' | 'ratedAt'
> & {
  id: number
  source: 'resident' | 'patrol' | 'open311'
  pausedFrom: ReportStatus | null
  /** Bumped by every step: a step's update is conditional on the version its decision read. */
  version: number
  categoryId: number
  description: string
  locationKind: 'household' | 'building' | 'point'
  buildingId: number | null
  householdId: number | null
  latitude: { toNumber(): number } | null
  longitude: { toNumber(): number } | null
  address: string | null
  escalationLevel: number
  anonymousToPublic: boolean
  supporterCount: number
  acceptDueAt: Date
  resolveDueAt: Date
  dueAt: Date | null
  escalateAt: Date | null
  pausedAt: Date | null
  resolvedAt: Date | null
  closedAt: Date | null
  satisfied: boolean | null
  ratingComment: string | null
  createdAt: Date
  category: { id: number; name: string }
  grid: { id: number; name: string }
  building: { estate: string; name: string } | null
  household: { unit: string; room: string; building: { estate: string; name: string } } | null
  assignee: { id: number; displayName: string } | null
  department: { id: number; name: string } | null
}

/** What a list row needs (the inbox reads exactly this in one statement). */
export type SummaryRow = Pick<
  ReportRow,
  'id' | 'source' | 'status' | 'reporterId' | 'description' | 'address' | 'supporterCount' | 'createdAt' | 'resolvedAt' | 'closedAt'
  | 'dueAt' | 'escalationLevel' | 'category' | 'grid' | 'building' | 'household' | 'assignee' | 'department'
>

/** Where it is, at building level (never a room): for lists and for neighbours. */
export function reportPlace(r: Pick<ReportRow, 'building' | 'household' | 'address'>): string {
  const b = r.household?.building ?? r.building
  if (b) return `${b.estate} ${b.name}`
  return r.address?.trim() || '地图选点位置'
}

/** The policy view of a row, judged at `now`. */
export function reportRecord(r: ReportRow, isSupporter: boolean, now: Date): ReportRecord {
  return {
    status: r.status, reporterId: r.reporterId, assigneeId: r.assigneeId, gridId: r.gridId, communityId: r.communityId,
    streetId: r.streetId, departmentId: r.departmentId, handlingUnit: r.handlingUnit, ratedAt: r.ratedAt, isSupporter,
    withinReopenWindow: r.resolvedAt !== null && now.getTime() <= reopenUntil(r.resolvedAt).getTime(),
  }
}

export const reopenUntil = (resolvedAt: Date) => new Date(resolvedAt.getTime() + REOPEN_DAYS * 86400_000)

const iso = (d: Date | null) => (d ? d.toISOString() : null)

/** Public summary: category, building-level place, state and dates — nothing personal. */
export function presentReportPublic(r: SummaryRow) {
  return {
    id: r.id,
    category: r.category,
    status: r.status,
    statusLabel: REPORT_STATUS_LABELS[r.status],
    place: reportPlace(r),
    supporterCount: r.supporterCount,
    createdAt: r.createdAt.toISOString(),
    resolvedAt: iso(r.resolvedAt),
    closedAt: iso(r.closedAt),
  }
}

/** A row of my reports or of an inbox. */
export function presentReportSummary(r: SummaryRow, actor: Actor, now: Date) {
  return {
    ...presentReportPublic(r),
    excerpt: r.description.length <= 60 ? r.description : Array.from(r.description).slice(0, 60).join(''),
    source: r.source,
    grid: r.grid,
    dueAt: iso(r.dueAt),
    isOverdue: r.dueAt !== null && r.dueAt.getTime() < now.getTime(),
    escalationLevel: r.escalationLevel,
    escalationLabel: ESCALATION_LABELS[Math.min(r.escalationLevel, ESCALATION_LABELS.length - 1)],
    assignee: r.assignee ? { id: r.assignee.id, name: r.assignee.displayName } : null,
    department: r.department,
    isMine: r.reporterId === actor.id,
  }
}

export type EventRow = {
  id: bigint; kind: string; actorId: number | null; actorRole: string; text: string | null; isInternal: boolean; createdAt: Date
  actorName: string | null; photos: { id: number; storageKey: string }[]
}

type DetailExtras = {
  visibility: 'full' | 'public'
  isSupporter: boolean
  photos: { id: number; storageKey: string }[]
  events: EventRow[]
  reporter: { realName: string | null; displayName: string; phoneMasked: string | null } | null
  urls: FileUrls
  now: Date
}

/**
 * The detail. `full` viewers get the description, photos, full address and the whole timeline
 * (staff also the reporter, masked); `public` viewers the summary and the timeline's steps only.
 * Internal steps (warnings) are for staff; residents never see other people's names.
 */
export function presentReportDetail(r: ReportRow, actor: Actor, x: DetailExtras) {
  const full = x.visibility === 'full'
  const isReporter = r.reporterId === actor.id
  const isStaffViewer = full && !isReporter
  const summary = presentReportSummary(r, actor, x.now)
  const photo = (p: { id: number; storageKey: string }) => ({ id: p.id, url: x.urls.signed(p.storageKey) })
  const timeline = x.events
    .filter((e) => isStaffViewer || !e.isInternal)
    .map((e) => ({
      id: e.id.toString(),
      kind: e.kind,
      label: REPORT_EVENT_LABELS[e.kind as ReportEventKind] ?? e.kind,
      actorRole: e.actorRole,
      actorRoleLabel: ACTOR_ROLE_LABELS[e.actorRole as ActorRoleLabelKey] ?? e.actorRole,
      actorName: full && e.actorRole !== 'resident' ? e.actorName : null,
      text: full ? e.text : null,
      photos: full ? e.photos.map(photo) : [],
      createdAt: e.createdAt.toISOString(),
    }))
  const homeAddress = r.household ? `${reportPlace(r)} ${r.household.unit}单元 ${r.household.room}室` : reportPlace(r)
  return {
    ...summary,
    ...(full ? {} : { excerpt: '', assignee: null }),
    visibility: x.visibility,
    description: full ? r.description : null,
    photos: full ? x.photos.map(photo) : [],
    location: {
      kind: r.locationKind,
      address: full ? (r.locationKind === 'point' && r.address ? r.address : homeAddress) : reportPlace(r),
      lat: full && r.latitude ? r.latitude.toNumber() : null,
      lng: full && r.longitude ? r.longitude.toNumber() : null,
    },
    // A patrol report's reporter is a grid worker, named as staff are; a resident's name is masked.
    reporter: isStaffViewer && x.reporter
      ? r.source === 'patrol'
        ? { name: x.reporter.displayName, phoneMasked: null }
        : { name: maskName(x.reporter.realName ?? x.reporter.displayName), phoneMasked: x.reporter.phoneMasked }
      : null,
    acceptDueAt: r.acceptDueAt.toISOString(),
    resolveDueAt: r.resolveDueAt.toISOString(),
    pausedAt: iso(r.pausedAt),
    satisfied: r.satisfied,
    ratingComment: full ? r.ratingComment : null,
    reopenUntil: isReporter && r.resolvedAt && (r.status === 'resolved' || r.status === 'unsatisfied') ? reopenUntil(r.resolvedAt).toISOString() : null,
    isSupporter: x.isSupporter,
    anonymousToPublic: r.anonymousToPublic,
    timeline,
    policies: reportPolicies(actor, reportRecord(r, x.isSupporter, x.now)),
  }
}
