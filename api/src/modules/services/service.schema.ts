import { z } from 'zod'
import { SERVICE_LIMITS as L, SERVICE_NUMBER_LIMITS as N } from '../../../../shared/limits.ts'

/** Labels shown by every client (the mini-program reads them from the API, never retypes them). */
export const ELIGIBILITY_LABELS = {
  community: '本社区已绑定房屋的居民',
  any_bound: '已绑定房屋的居民',
  groups: '本社区特定人群',
} as const
export type Eligibility = keyof typeof ELIGIBILITY_LABELS

/** The 五必访 groups a service may be limited to (household care flags). */
export const GROUP_LABELS = {
  new_resident: '新迁入居民',
  elderly_alone: '独居老人',
  disabled: '残疾人',
  left_behind_child: '留守儿童家庭',
  migrant: '流动人口',
} as const
export type CareGroup = keyof typeof GROUP_LABELS

export const SLOT_STATUS_LABELS = { open: '可预约', closed: '已关闭' } as const

const Text = (what: string, min: number, max: number) =>
  z.string().trim().min(min, `${what}至少${min}个字`).max(max, `${what}不能超过${max}个字`)
const Int = (what: string, min: number, max: number) =>
  z.number({ message: `${what}须为整数` }).int(`${what}须为整数`).min(min, `${what}不能小于${min}`).max(max, `${what}不能大于${max}`)

/** One line of the materials checklist: 户口本原件; 身份证复印件 ×2 (note: 正反面). */
export const ServiceMaterial = z.object({
  name: Text('材料名称', 1, L.materialNameMax),
  note: Text('说明', 1, L.materialNoteMax).optional(),
  copies: Int('份数', 1, L.copiesMax).optional(),
}).strict()

const Eligible = z.enum(Object.keys(ELIGIBILITY_LABELS) as [Eligibility, ...Eligibility[]])
const Group = z.enum(Object.keys(GROUP_LABELS) as [CareGroup, ...CareGroup[]])

const ServiceFields = {
  name: Text('服务名称', L.nameMin, L.nameMax),
  /** 部门/窗口 */
  department: Text('办理部门或窗口', L.departmentMin, L.departmentMax),
  description: z.string().trim().max(L.descriptionMax, `服务说明不能超过${L.descriptionMax}个字`),
  materials: z.array(ServiceMaterial).max(L.materialsMax, `材料清单最多${L.materialsMax}项`),
  durationMinutes: Int('办理时长（分钟）', N.durationMinutes.min, N.durationMinutes.max),
  eligibility: Eligible,
  /** Required (non-empty) when eligibility is `groups`. */
  eligibleGroups: z.array(Group).max(5),
  /** 0 for free; in fen. */
  feeFen: Int('费用（分）', N.feeFen.min, N.feeFen.max),
  /** How many days ahead a slot may be booked. */
  bookAheadDays: Int('可提前预约天数', N.bookAheadDays.min, N.bookAheadDays.max),
  /** Minimum notice before a slot starts, in minutes. */
  minNoticeMinutes: Int('最少提前预约（分钟）', N.minNoticeMinutes.min, N.minNoticeMinutes.max),
  /** Free cancellation (and refund) until this many hours before the slot. */
  freeCancelHours: Int('免费取消（小时）', N.freeCancelHours.min, N.freeCancelHours.max),
  requiresConfirmation: z.boolean(),
  /** 上门服务: the booking carries one of the resident's households as the place. */
  homeService: z.boolean(),
  sortOrder: Int('排序', N.sortOrder.min, N.sortOrder.max),
}

/** POST /services (committee staff of the community). Omitted fields take their defaults. */
export const CreateServiceBody = z.object({
  communityId: z.number().int().positive(),
  name: ServiceFields.name,
  department: ServiceFields.department,
  description: ServiceFields.description.default(''),
  materials: ServiceFields.materials.default([]),
  durationMinutes: ServiceFields.durationMinutes.default(30),
  eligibility: ServiceFields.eligibility.default('community'),
  eligibleGroups: ServiceFields.eligibleGroups.default([]),
  feeFen: ServiceFields.feeFen.default(0),
  bookAheadDays: ServiceFields.bookAheadDays.default(14),
  minNoticeMinutes: ServiceFields.minNoticeMinutes.default(60),
  freeCancelHours: ServiceFields.freeCancelHours.default(2),
  requiresConfirmation: ServiceFields.requiresConfirmation.default(false),
  homeService: ServiceFields.homeService.default(false),
  sortOrder: ServiceFields.sortOrder.default(0),
}).strict()

/** PATCH /services/:id: any fields, with the version read (409 when someone changed it since). */
export const UpdateServiceBody = z.object({
  version: z.number().int().min(0),
  ...Object.fromEntries(Object.entries(ServiceFields).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof ServiceFields]: z.ZodOptional<(typeof ServiceFields)[K]> },
  active: z.boolean().optional(),
}).strict()

export const ServiceListQuery = z.object({
  /** Staff: a community they serve; residents: defaults to the communities of their households. */
  communityId: z.coerce.number().int().positive().optional(),
  /** Staff only: include services taken off the list. */
  all: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
}).strict()

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD')
const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式为 HH:mm')

/** GET /services/:id/slots?from=&to= (days, Asia/Shanghai; default: today to the booking window's end). */
export const SlotQuery = z.object({ from: Day.optional(), to: Day.optional() }).strict()

/** POST /services/:id/slots: one slot. Times are instants (ISO 8601 with offset). */
export const CreateSlotBody = z.object({
  startsAt: z.string().datetime({ offset: true, message: 'startsAt 须为带时区的 ISO 8601 时间' }),
  endsAt: z.string().datetime({ offset: true, message: 'endsAt 须为带时区的 ISO 8601 时间' }),
  capacity: Int('名额', 1, 1000),
}).strict()

/**
 * POST /services/:id/slot-patterns: the same times on chosen weekdays (1 = Monday … 7 = Sunday)
 * from `from` to `to` (at most 92 days). With `workingDaysOnly` (the default) the working calendar
 * decides: holidays are skipped, and a 调休 working Saturday or Sunday gets slots like a weekday
 * when any of Monday–Friday is chosen. Slots that already exist at a start time are left as they are.
 */
export const SlotPatternBody = z.object({
  from: Day,
  to: Day,
  weekdays: z.array(z.number().int().min(1).max(7)).min(1, '请至少选择一天').max(7),
  times: z.array(z.object({ start: Clock, end: Clock }).strict()).min(1, '请至少添加一个时段').max(24),
  capacity: Int('名额', 1, 1000),
  /** Skip days the working calendar marks as non-working (default true). */
  workingDaysOnly: z.boolean().default(true),
}).strict()

export const UpdateSlotBody = z.object({ capacity: Int('名额', 1, 1000) }).strict()
export const CloseSlotBody = z.object({ reason: Text('关闭原因', 2, 200) }).strict()

// ── views ──

const Instant = z.string()

export const MaterialView = z.object({ name: z.string(), note: z.string().nullable(), copies: z.number().int().nullable() })

/** Whether the caller may book the service now, and if not why (shown as is). */
export const BookabilityView = z.object({ ok: z.boolean(), reason: z.string().nullable() })

export const ServiceSummaryView = z.object({
  id: z.number().int(),
  communityId: z.number().int(),
  name: z.string(),
  department: z.string(),
  feeFen: z.number().int(),
  /** 免费 or ¥12.00 */
  feeText: z.string(),
  durationMinutes: z.number().int(),
  homeService: z.boolean(),
  requiresConfirmation: z.boolean(),
  materialsCount: z.number().int(),
  active: z.boolean(),
  /** The earliest slot with room within the booking window, if any. */
  nextAvailableAt: Instant.nullable(),
})

export const ServiceDetailView = ServiceSummaryView.extend({
  description: z.string(),
  materials: z.array(MaterialView),
  eligibility: Eligible,
  eligibilityText: z.string(),
  eligibleGroups: z.array(Group),
  bookAheadDays: z.number().int(),
  minNoticeMinutes: z.number().int(),
  freeCancelHours: z.number().int(),
  /** e.g. 「可提前14天预约，至少提前1小时；开始前2小时可免费取消」 */
  rulesText: z.string(),
  /** For residents: may they book it (eligibility, no-show block, payment configured). */
  bookable: BookabilityView,
  /** Whether paying is possible on this server (WeChat Pay configured); free services ignore it. */
  paymentAvailable: z.boolean(),
  /** Whether the caller manages it (staff of the community). */
  canManage: z.boolean(),
  version: z.number().int(),
})

export const SlotView = z.object({
  id: z.number().int(),
  serviceId: z.number().int(),
  startsAt: Instant,
  endsAt: Instant,
  /** YYYY-MM-DD in Asia/Shanghai, for grouping into a calendar. */
  day: z.string(),
  capacity: z.number().int(),
  booked: z.number().int(),
  remaining: z.number().int(),
  status: z.enum(['open', 'closed']),
  /** Open, in the booking window, with room. */
  bookable: z.boolean(),
})

export const SlotPatternResultView = z.object({
  created: z.number().int(),
  /** Days skipped as non-working by the working calendar. */
  skippedDays: z.array(z.string()),
  /** Slots that already existed at a start time and were left as they were. */
  existing: z.number().int(),
})
