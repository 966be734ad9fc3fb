import { roleScope, type Actor, type Role } from '../../core/actor.ts'
import type { Policy } from '../../core/policy.ts'
import type { ReportStatus } from './report.schema.ts'

/** What the policies need to know about a report (and about the caller's tie to it). */
export type ReportRecord = {
  status: ReportStatus
  reporterId: number | null
  assigneeId: number | null
  gridId: number
  communityId: number
  streetId: number
  departmentId: number | null
  handlingUnit: 'grid' | 'department'
  ratedAt: Date | null
  /** The caller seconded it (附议). */
  isSupporter: boolean
  /** Now is within 7 days of resolving. */
  withinReopenWindow: boolean
}

export const OPEN_STATUSES: ReportStatus[] = ['submitted', 'accepted', 'awaiting_info']
export const REOPEN_DAYS = 7

/** The states each action may start from; anything else is a 409 listing what is allowed. */
export const TRANSITIONS = {
  accept: ['submitted'],
  reply: ['submitted', 'accepted'],
  requestInfo: ['submitted', 'accepted'],
  supplement: ['awaiting_info'],
  transfer: ['submitted', 'accepted'],
  resolve: ['accepted'],
  reject: ['submitted', 'accepted'],
  rate: ['resolved'],
  reopen: ['resolved', 'unsatisfied'],
  close: ['resolved', 'unsatisfied'],
  second: ['submitted', 'accepted', 'awaiting_info'],
  reassign: ['submitted', 'accepted', 'awaiting_info'],
} as const satisfies Record<string, readonly ReportStatus[]>
export type ReportAction = keyof typeof TRANSITIONS

/** The actions whose starting states include the report's current one. */
export function actionsFrom(status: ReportStatus): ReportAction[] {
  return (Object.keys(TRANSITIONS) as ReportAction[]).filter((a) => (TRANSITIONS[a] as readonly ReportStatus[]).includes(status))
}

/** The roles whose scope the inbox covers (report.inbox.ts): grid workers, their superiors and department handlers. */
export const REPORT_HANDLER_ROLES = ['grid_worker', 'grid_leader', 'committee', 'street', 'dept'] as const satisfies readonly Role[]

/** A superior of the report's place: the community's grid leaders and committee staff, the street's staff. */
export function isSuperior(actor: Actor, r: Pick<ReportRecord, 'gridId' | 'communityId' | 'streetId'>): boolean {
  const leaders = roleScope(actor, 'grid_leader', 'committee')
  return (
    leaders.communityIds.includes(r.communityId) || leaders.gridIds.includes(r.gridId) ||
    roleScope(actor, 'street').streetIds.includes(r.streetId)
  )
}

/** A handler of the department the report sits with. */
export const isDepartmentHandler = (actor: Actor, r: Pick<ReportRecord, 'departmentId'>) =>
  r.departmentId !== null && actor.staff.departmentIds.includes(r.departmentId)

/** A grid worker of the report's grid (its assignee or not). */
export const isGridWorkerOf = (actor: Actor, r: Pick<ReportRecord, 'gridId'>) => roleScope(actor, 'grid_worker').gridIds.includes(r.gridId)

/**
 * How much of a report the caller may see: `full` for the reporter and the staff in scope (grid
 * workers of its grid, the community's leaders and committee, the street, the department it sits
 * with), `public` (the summary without personal data) for residents of its community and its
 * supporters, nothing otherwise (answered 404).
 */
export function reportVisibility(actor: Actor, r: ReportRecord): 'full' | 'public' | null {
  if (r.reporterId === actor.id || isGridWorkerOf(actor, r) || isSuperior(actor, r) || isDepartmentHandler(actor, r)) return 'full'
  if (r.isSupporter || actor.residence.communityIds.includes(r.communityId)) return 'public'
  return null
}

/** The assignee, the department's handlers for a department item, or a superior. */
function handles(actor: Actor, r: ReportRecord): true | string {
  if (r.assigneeId === actor.id || isSuperior(actor, r)) return true
  if (r.handlingUnit === 'department' && isDepartmentHandler(actor, r)) return true
  return '只有承办人或其上级可以办理该诉求'
}

const reporterOnly = (actor: Actor, r: ReportRecord) => r.reporterId === actor.id || '只有提出诉求的居民可以这样做'

export const reportPolicy = {
  accept: handles,
  reply: handles,
  requestInfo: ((actor, r) => {
    const verdict = handles(actor, r)
    if (verdict !== true) return verdict
    return r.reporterId !== null || '该诉求来自外部平台，无法向提出人追问'
  }) as Policy<ReportRecord>,
  supplement: reporterOnly,
  transfer: handles,
  resolve: handles,
  reject: handles,
  rate: ((actor, r) => {
    const verdict = reporterOnly(actor, r)
    if (verdict !== true) return verdict
    return r.ratedAt === null || '您已评价过'
  }) as Policy<ReportRecord>,
  reopen: ((actor, r) => {
    const verdict = reporterOnly(actor, r)
    if (verdict !== true) return verdict
    return r.withinReopenWindow || `办结超过${REOPEN_DAYS}天，不能再申请重新办理`
  }) as Policy<ReportRecord>,
  /** The reporter closes it; a handler only once the reporter said they are not satisfied. */
  close: ((actor, r) => {
    if (r.reporterId === actor.id) return true
    const verdict = handles(actor, r)
    if (verdict !== true) return verdict
    return r.status === 'unsatisfied' || '请等待居民评价，或办结7天后自动关闭'
  }) as Policy<ReportRecord>,
  second: ((actor, r) => {
    if (r.reporterId === actor.id) return '这是您自己提出的诉求'
    if (r.isSupporter) return '您已附议'
    return actor.residence.communityIds.includes(r.communityId) || '只有本社区居民可以附议'
  }) as Policy<ReportRecord>,
  reassign: ((actor, r) => {
    if (!isSuperior(actor, r)) return '只有网格长、社区或街道可以改派'
    return r.handlingUnit === 'grid' || '该诉求在职能部门办理，请用转办'
  }) as Policy<ReportRecord>,
} satisfies Record<ReportAction, Policy<ReportRecord>>

/** The caller's buttons: the action is allowed from the current state and by policy. */
export function reportPolicies(actor: Actor, r: ReportRecord): Record<ReportAction, boolean> {
  const out = {} as Record<ReportAction, boolean>
  for (const a of Object.keys(TRANSITIONS) as ReportAction[]) {
    out[a] = (TRANSITIONS[a] as readonly ReportStatus[]).includes(r.status) && reportPolicy[a](actor, r) === true
  }
  return out
}
