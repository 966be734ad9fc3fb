import { z } from 'zod'
import { DECISION_REASON_LIMITS } from '../../../../shared/limits.ts'
import { PageQuery } from '../../http/schemas.ts'

/** Review states as the claimant reads them. */
export const IDENTITY_STATUS_LABELS = { pending: '核实中', rejected: '未通过', transferred: '已核实', withdrawn: '已撤回' } as const

export const IdentityReviewListQuery = PageQuery.extend({
  status: z.enum(['pending', 'rejected', 'transferred', 'withdrawn']).default('pending'),
}).strict()

export const DecideIdentityBody = z.object({
  reason: z.string().trim().min(DECISION_REASON_LIMITS.min, `请填写核实情况（至少${DECISION_REASON_LIMITS.min}个字）`).max(DECISION_REASON_LIMITS.max),
}).strict()

const Party = z.object({
  userId: z.number().int(),
  realName: z.string().nullable().describe('masked, e.g. 张*'),
  idNumber: z.string().nullable().describe('masked'),
  households: z.array(z.string()).describe("addresses of the party's live bindings in the caller's scope"),
  otherHouseholds: z.number().int().describe('live bindings outside the caller\'s scope (not shown)'),
})

export const IdentityReviewView = z.object({
  id: z.number().int(),
  status: z.enum(['pending', 'rejected', 'transferred', 'withdrawn']),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable(),
  claimant: Party,
  holder: Party.nullable(),
  policies: z.object({ reject: z.boolean(), transfer: z.boolean() }),
})
