import { z } from 'zod'
import { PageQuery } from '../../http/schemas.ts'

/** 五必访: the households a grid worker must visit every month (labels read by every client). */
export const CARE_FLAG_LABELS = {
  new_resident: '新市民',
  elderly_alone: '独居老人',
  disabled: '残疾人',
  left_behind_child: '留守儿童',
  migrant: '流动人口',
} as const
export type CareFlag = keyof typeof CARE_FLAG_LABELS
const CARE_FLAGS = Object.keys(CARE_FLAG_LABELS) as [CareFlag, ...CareFlag[]]

export const VISIT_KIND_LABELS = { door: '入户走访', phone: '电话联系', online: '线上联系', other: '其他' } as const
export type VisitKind = keyof typeof VISIT_KIND_LABELS
const VISIT_KINDS = Object.keys(VISIT_KIND_LABELS) as [VisitKind, ...VisitKind[]]

/** The monthly visit target of a grid worker (民情日志, 考核). */
export const VISIT_TARGET_PER_MONTH = 15

const Text = (what: string, min: number, max: number) =>
  z.string().trim().min(min, `${what}至少${min}个字`).max(max, `${what}不能超过${max}个字`)

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 does not). */
const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').refine((s) => {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}, '日期不存在')

export const CreateVisitBody = z.object({
  householdId: z.number().int().positive(),
  /** The day of the visit, Asia/Shanghai; not in the future. */
  visitedOn: DateOnly,
  kind: z.enum(VISIT_KINDS, { message: '走访方式只能是 door(入户)/phone(电话)/online(线上)/other(其他)' }),
  notes: Text('走访记录', 2, 1000),
  followUps: Text('后续事项', 1, 500).optional(),
}).strict()

export const VisitListQuery = PageQuery.extend({
  gridId: z.coerce.number().int().positive().optional(),
  householdId: z.coerce.number().int().positive().optional(),
}).strict()

export const DueVisitsQuery = z.object({ gridId: z.coerce.number().int().positive().optional() }).strict()

export const CareFlagsBody = z.object({
  flags: z.array(z.enum(CARE_FLAGS, { message: `标记只能是 ${CARE_FLAGS.join('/')}` })).max(CARE_FLAGS.length)
    .refine((xs) => new Set(xs).size === xs.length, '标记不能重复'),
}).strict()

// ── views ──

const Ref = z.object({ id: z.number().int(), name: z.string() })
const FlagView = z.object({ flag: z.enum(CARE_FLAGS), label: z.string() })
/** A household as staff in scope see it in the visit log: the address only, no resident data. */
const HouseholdPlace = z.object({ id: z.number().int(), address: z.string(), grid: Ref })

export const VisitView = z.object({
  id: z.number().int(),
  visitedOn: z.string(),
  kind: z.enum(VISIT_KINDS),
  kindLabel: z.string(),
  notes: z.string(),
  followUps: z.string().nullable(),
  household: HouseholdPlace,
  worker: Ref,
  createdAt: z.string(),
})

export const DueVisitView = z.object({
  household: HouseholdPlace,
  flags: z.array(FlagView),
  /** The last visit before this month, if any. */
  lastVisitedOn: z.string().nullable(),
})

export const CareFlagsView = z.object({ householdId: z.number().int(), flags: z.array(FlagView) })

const Option = <T extends string>(values: [T, ...T[]]) => z.array(z.object({ value: z.enum(values), label: z.string() }))

/** The choices of the visit form and the flag editor, with their labels, so clients never retype them. */
export const VisitOptionsView = z.object({ kinds: Option(VISIT_KINDS), careFlags: Option(CARE_FLAGS), monthlyTarget: z.number().int() })

/** The value of VisitOptionsView. */
export const visitOptions = () => ({
  kinds: VISIT_KINDS.map((value) => ({ value, label: VISIT_KIND_LABELS[value] })),
  careFlags: CARE_FLAGS.map((value) => ({ value, label: CARE_FLAG_LABELS[value] })),
  monthlyTarget: VISIT_TARGET_PER_MONTH,
})
