import { z } from 'zod'
import { LEAVE_LIMITS } from '../../../../shared/limits.ts'
import { PageQuery } from '../../http/schemas.ts'
import { DayString } from '../calendar/calendar.schema.ts'

/** The longest leave registered at once. */
export const MAX_LEAVE_DAYS = 366

export const LeaveListQuery = PageQuery.extend({
  gridId: z.coerce.number().int().positive().optional(),
  userId: z.coerce.number().int().positive().optional(),
  /** Leaves that ended before today are left out unless asked for. */
  includePast: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
}).strict()

export const CreateLeaveBody = z.object({
  userId: z.number().int().positive(),
  startsOn: DayString,
  endsOn: DayString,
  reason: z.string().trim().max(LEAVE_LIMITS.reasonMax, `请假原因不能超过${LEAVE_LIMITS.reasonMax}个字`).default(''),
}).strict()

export const LeaveView = z.object({
  id: z.number().int(),
  user: z.object({ id: z.number().int(), name: z.string() }),
  grids: z.array(z.object({ id: z.number().int(), name: z.string() })),
  startsOn: z.string(),
  endsOn: z.string(),
  reason: z.string(),
  /** On leave today (Asia/Shanghai). */
  isCurrent: z.boolean(),
  createdAt: z.string(),
  policies: z.object({ delete: z.boolean() }),
})
