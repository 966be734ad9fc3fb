import { z } from 'zod'
import { PageQuery } from '../../http/schemas.ts'
import { RELATION_LABELS, codesOf } from '../../../../shared/labels.ts'
import { DECISION_REASON_LIMITS } from '../../../../shared/limits.ts'

export { RELATION_LABELS }
export const STATUS_LABELS = { pending: '待审核', approved: '已通过', rejected: '未通过', withdrawn: '已撤回' } as const

export const BindingRequestBody = z
  .object({
    householdId: z.number().int().positive(),
    relation: z.enum(codesOf(RELATION_LABELS), { message: '关系只能是 owner(户主)/family(家属)/tenant(租户)' }),
  })
  .strict()

export const RejectBody = z.object({
  reason: z.string().trim().min(DECISION_REASON_LIMITS.min, `请填写驳回原因（至少${DECISION_REASON_LIMITS.min}个字）`).max(DECISION_REASON_LIMITS.max),
}).strict()

export const BindingListQuery = PageQuery.extend({
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']).optional(),
  communityId: z.coerce.number().int().positive().optional(),
}).strict()

export const HouseholdListQuery = PageQuery.extend({
  gridId: z.coerce.number().int().positive().optional(),
  buildingId: z.coerce.number().int().positive().optional(),
}).strict()

const HouseholdRef = z.object({
  id: z.number().int(),
  address: z.string(),
  estate: z.string(),
  building: z.string(),
  unit: z.string(),
  room: z.string(),
  community: z.object({ id: z.number().int(), name: z.string() }),
  grid: z.object({ id: z.number().int(), name: z.string() }),
})

export const BindingView = z.object({
  id: z.number().int(),
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']),
  statusLabel: z.string(),
  relation: z.enum(codesOf(RELATION_LABELS)),
  relationLabel: z.string(),
  reason: z.string().nullable(),
  createdAt: z.string(),
  reviewedAt: z.string().nullable(),
  household: HouseholdRef,
  resident: z
    .object({ id: z.number().int(), realName: z.string().nullable(), idNumber: z.string().nullable(), phone: z.string().nullable() })
    .optional()
    .describe('staff views only; always masked'),
  policies: z.object({ approve: z.boolean(), reject: z.boolean(), withdraw: z.boolean() }),
})

export const HouseholdView = HouseholdRef.extend({
  occupants: z.array(
    z.object({ userId: z.number().int(), realName: z.string().nullable(), phone: z.string().nullable(), relation: z.string(), relationLabel: z.string() }),
  ),
})

export const BuildingView = z.object({ id: z.number().int(), estate: z.string(), name: z.string(), gridId: z.number().int() })
export const HouseholdOption = z.object({ id: z.number().int(), unit: z.string(), room: z.string(), label: z.string() })
