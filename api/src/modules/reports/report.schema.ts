import { z } from 'zod'
import { PageQuery } from '../../http/schemas.ts'

/** Labels shown by every client (the mini-program reads them from the API, never retypes them). */
export const REPORT_STATUS_LABELS = {
  submitted: '待受理',
  accepted: '处理中',
  awaiting_info: '待补充',
  resolved: '已办结',
  unsatisfied: '办结不满意',
  closed: '已关闭',
  closed_unfixed: '关闭未解决',
  rejected: '不予受理',
} as const
export type ReportStatus = keyof typeof REPORT_STATUS_LABELS

export const REPORT_EVENT_LABELS = {
  submitted: '提交诉求',
  patrol: '巡查上报',
  assigned: '派发',
  accepted: '受理',
  replied: '回复',
  info_requested: '请补充信息',
  supplemented: '补充信息',
  transferred: '转办',
  reassigned: '改派',
  resolved: '办结',
  rejected: '不予受理',
  rated: '评价',
  reopened: '重新办理',
  closed: '关闭',
  warned: '临期提醒',
  escalated: '超期升级',
  seconded: '附议',
} as const
export type ReportEventKind = keyof typeof REPORT_EVENT_LABELS

export const ACTOR_ROLE_LABELS = {
  resident: '居民', grid_worker: '网格员', grid_leader: '网格长', committee: '社区', street: '街道', dept: '职能部门',
  admin: '管理员', open311: '外部平台', system: '系统',
} as const
export type ActorRoleLabelKey = keyof typeof ACTOR_ROLE_LABELS

export const ESCALATION_LABELS = ['网格员', '网格长', '社区', '街道'] as const

export const LOCATION_LIMITS = { nearbyMeters: 200, maxDistanceKm: 5 } as const

const Photos = z.array(z.number().int().positive()).max(9, '最多9张照片')
const Text = (what: string, min: number, max: number) =>
  z.string().trim().min(min, `${what}至少${min}个字`).max(max, `${what}不能超过${max}个字`)

/** Where the problem is: one of the caller's households, a building, or a point on the map. */
export const ReportLocationInput = z.union([
  z.object({ householdId: z.number().int().positive() }).strict(),
  z.object({ buildingId: z.number().int().positive() }).strict(),
  z.object({
    lat: z.number().min(-90, '纬度应在 -90 到 90 之间').max(90, '纬度应在 -90 到 90 之间'),
    lng: z.number().min(-180, '经度应在 -180 到 180 之间').max(180, '经度应在 -180 到 180 之间'),
    address: z.string().trim().max(255, '地址不能超过255个字').optional(),
  }).strict(),
], { message: 'location 须为 {householdId} 或 {buildingId} 或 {lat, lng, address?} 之一' })

export const CreateReportBody = z.object({
  categoryId: z.number().int().positive(),
  description: Text('问题描述', 5, 1000),
  photos: Photos.optional(),
  location: ReportLocationInput,
  anonymousToPublic: z.boolean().optional(),
  /** 巡查上报: a grid worker files a report for their own grid, already accepted by them. */
  patrol: z.boolean().optional(),
}).strict()

export const ReplyBody = z.object({ text: Text('回复', 1, 1000), photos: Photos.optional() }).strict()
export const RequestInfoBody = z.object({ question: Text('问题', 2, 500) }).strict()
export const SupplementBody = z.object({ text: Text('补充内容', 1, 1000), photos: Photos.optional() }).strict()
export const TransferBody = z.union([
  z.object({ departmentId: z.number().int().positive(), reason: Text('转办原因', 2, 200) }).strict(),
  z.object({ gridId: z.number().int().positive(), reason: Text('转办原因', 2, 200) }).strict(),
], { message: '须为 {departmentId, reason} 或 {gridId, reason}' })
export const ResolveBody = z.object({ text: Text('办理结果', 2, 1000), photos: Photos.min(1, '请上传至少1张办结照片') }).strict()
export const RejectReportBody = z.object({ reason: Text('不予受理的原因和指引', 2, 500) }).strict()
export const RateBody = z.object({ satisfied: z.boolean(), comment: Text('评价', 1, 500).optional() }).strict()
export const ReopenBody = z.object({ reason: Text('重新办理的原因', 2, 500) }).strict()
export const CloseBody = z.object({ note: Text('备注', 1, 200).optional() }).strict()
export const ReassignBody = z.object({ assigneeId: z.number().int().positive(), reason: Text('改派原因', 2, 200) }).strict()

const StatusFilter = z.enum(Object.keys(REPORT_STATUS_LABELS) as [ReportStatus, ...ReportStatus[]])

export const ReportListQuery = PageQuery.extend({
  /**
   * `mine`: reports I filed or seconded; `inbox`: what I handle or supervise (staff), by deadline;
   * `community`: public summaries of my community's reports.
   */
  box: z.enum(['mine', 'inbox', 'community']).default('mine'),
  status: z.union([StatusFilter, z.enum(['open', 'done'])]).optional(),
  categoryId: z.coerce.number().int().positive().optional(),
  gridId: z.coerce.number().int().positive().optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
}).strict()

/** Open reports of a category near a place, offered as 附议 before a new report. */
export const NearbyQuery = z.object({
  categoryId: z.coerce.number().int().positive(),
  householdId: z.coerce.number().int().positive().optional(),
  buildingId: z.coerce.number().int().positive().optional(),
  lat: z.coerce.number().min(-90).max(90).optional(),
  lng: z.coerce.number().min(-180).max(180).optional(),
}).strict()

// ── views ──

export const CategoryView = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
  handlingUnit: z.enum(['grid', 'department']),
  department: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  acceptMinutes: z.number().int(),
  resolveMinutes: z.number().int(),
  clock: z.enum(['working', 'calendar']),
  /** e.g. 「受理时限 2 个工作小时，办结时限 3 个工作日」 */
  deadlineText: z.string(),
})

const Ref = z.object({ id: z.number().int(), name: z.string() })
const Photo = z.object({ id: z.number().int(), url: z.string() })
const Instant = z.string()

/** Public summary: what residents of the community see — no personal data, building-level place. */
export const ReportPublicView = z.object({
  id: z.number().int(),
  category: Ref,
  status: StatusFilter,
  statusLabel: z.string(),
  place: z.string(),
  supporterCount: z.number().int(),
  createdAt: Instant,
  resolvedAt: Instant.nullable(),
  closedAt: Instant.nullable(),
})

/** A row of my reports or of a handler's inbox. */
export const ReportSummaryView = ReportPublicView.extend({
  excerpt: z.string(),
  source: z.enum(['resident', 'patrol', 'open311']),
  grid: Ref,
  dueAt: Instant.nullable(),
  isOverdue: z.boolean(),
  escalationLevel: z.number().int(),
  escalationLabel: z.string(),
  assignee: Ref.nullable(),
  department: Ref.nullable(),
  isMine: z.boolean(),
})

export const ReportEventView = z.object({
  id: z.string(),
  kind: z.string(),
  label: z.string(),
  actorRole: z.string(),
  actorRoleLabel: z.string(),
  actorName: z.string().nullable(),
  text: z.string().nullable(),
  photos: z.array(Photo),
  createdAt: Instant,
})

export const ReportPolicies = z.object({
  accept: z.boolean(), reply: z.boolean(), requestInfo: z.boolean(), supplement: z.boolean(), transfer: z.boolean(),
  resolve: z.boolean(), reject: z.boolean(), rate: z.boolean(), reopen: z.boolean(), close: z.boolean(),
  second: z.boolean(), reassign: z.boolean(),
})

export const ReportDetailView = ReportSummaryView.extend({
  /**
   * `full` for the reporter and staff in scope; `public` for neighbours and supporters, who get the
   * summary and the timeline's steps without the description, photos, texts or names.
   */
  visibility: z.enum(['full', 'public']),
  description: z.string().nullable(),
  photos: z.array(Photo),
  location: z.object({
    kind: z.enum(['household', 'building', 'point']),
      /** The full address (a household's room) only for the reporter and staff in scope; else building-level. */
    address: z.string(),
    lat: z.number().nullable(),
    lng: z.number().nullable(),
  }),
  /** Who filed it, masked, for staff in scope; null for everyone else. */
  reporter: z.object({ name: z.string(), phoneMasked: z.string().nullable() }).nullable(),
  acceptDueAt: Instant,
  resolveDueAt: Instant,
  pausedAt: Instant.nullable(),
  satisfied: z.boolean().nullable(),
  ratingComment: z.string().nullable(),
  /** Until when the reporter may reopen it (7 days after resolving), when that applies. */
  reopenUntil: Instant.nullable(),
  isSupporter: z.boolean(),
  anonymousToPublic: z.boolean(),
  timeline: z.array(ReportEventView),
  policies: ReportPolicies,
})

/** A worker a report may be reassigned to. */
export const AssigneeOption = z.object({ id: z.number().int(), name: z.string(), note: z.string(), isCurrent: z.boolean() })
