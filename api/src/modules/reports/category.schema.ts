import { z } from 'zod'
import { CategoryView } from './report.schema.ts'

/** The limits of a category's deadlines, in minutes. */
export const CATEGORY_LIMITS = { minMinutes: 1, maxMinutes: 100_000 } as const

const Minutes = (what: string) => z.number({ message: `${what}须为整数分钟` }).int(`${what}须为整数分钟`)
  .min(CATEGORY_LIMITS.minMinutes, `${what}至少1分钟`).max(CATEGORY_LIMITS.maxMinutes, `${what}不能超过${CATEGORY_LIMITS.maxMinutes}分钟`)

const fields = {
  name: z.string().trim().min(1, '请填写类别名称').max(32, '类别名称不能超过32个字'),
  description: z.string().trim().max(255, '说明不能超过255个字'),
  handlingUnit: z.enum(['grid', 'department'], { message: 'handlingUnit 须为 grid（网格）或 department（职能部门）' }),
  /** Required when handlingUnit is department; must be empty for grid categories. */
  departmentId: z.number().int().positive().nullable(),
  acceptMinutes: Minutes('受理时限'),
  resolveMinutes: Minutes('办结时限'),
  clock: z.enum(['working', 'calendar'], { message: 'clock 须为 working（工作时间）或 calendar（全天计时）' }),
  sortOrder: z.number().int().min(-100_000).max(100_000),
  active: z.boolean(),
}

/** A new category. Its code is its stable identifier (also the Open311 service_code) and never changes. */
export const CreateCategoryBody = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,31}$/, '编码须为2–32位小写字母、数字或下划线，以字母开头'),
  ...fields,
  description: fields.description.default(''),
  handlingUnit: fields.handlingUnit.default('grid'),
  departmentId: fields.departmentId.optional(),
  clock: fields.clock.default('working'),
  sortOrder: fields.sortOrder.default(0),
  active: fields.active.default(true),
}).strict()

/** A change to a category (categories are never deleted: reports refer to them; set active=false). */
export const UpdateCategoryBody = z.object(fields).partial().strict()

/** A category as administrators see it: also its order and whether residents can choose it. */
export const AdminCategoryView = CategoryView.extend({
  sortOrder: z.number().int(),
  active: z.boolean(),
  policies: z.object({ update: z.boolean() }),
})
