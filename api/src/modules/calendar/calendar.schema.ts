import { z } from 'zod'

export const DAY_KIND_LABELS = { holiday: '节假日', workday: '调休上班' } as const

/** A calendar day 'YYYY-MM-DD' that exists (no 2026-02-30). */
const DAY_FORMAT = /^\d{4}-\d{2}-\d{2}$/
export const DayString = z.string().regex(DAY_FORMAT, '日期格式应为 YYYY-MM-DD').refine((s) => {
  if (!DAY_FORMAT.test(s)) return true // the format error says it already
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}, '日期不存在')

export const CalendarQuery = z.object({
  year: z.coerce.number({ message: 'year 须为年份' }).int('year 须为年份').min(2000, '年份应在 2000–2100 之间').max(2100, '年份应在 2000–2100 之间').optional(),
}).strict()

export const DayParam = z.object({ day: DayString }).strict()

export const DayBody = z.object({
  kind: z.enum(['holiday', 'workday'], { message: 'kind 须为 holiday（节假日）或 workday（调休上班）' }),
  name: z.string().trim().min(1, '请填写名称，如「国庆节」').max(32, '名称不能超过32个字'),
}).strict()

const Minute = z.number().int('须为整数分钟').min(0, '应在 0–1440 之间').max(1440, '应在 0–1440 之间')

/** Working periods of a day, in minutes after midnight: sorted, each non-empty, none overlapping. */
export const PeriodsBody = z.object({
  periods: z.array(z.object({ start: Minute, end: Minute }).strict()).min(1, '至少需要一个工作时段').max(6, '最多6个工作时段')
    .superRefine((ps, ctx) => {
      ps.forEach((p, i) => {
        if (p.start >= p.end) ctx.addIssue({ code: 'custom', path: [i, 'end'], message: '结束时间须晚于开始时间' })
        else if (i > 0 && p.start < ps[i - 1].end) ctx.addIssue({ code: 'custom', path: [i, 'start'], message: '时段须按时间先后排列且不能重叠' })
      })
    }),
}).strict()

export const CalendarDayView = z.object({ day: z.string(), kind: z.enum(['holiday', 'workday']), kindLabel: z.string(), name: z.string() })
export const WorkPeriodView = z.object({ start: z.number().int(), end: z.number().int(), label: z.string() })
export const CalendarView = z.object({
  year: z.number().int(),
  days: z.array(CalendarDayView),
  periods: z.array(WorkPeriodView),
  /** Minutes in one full working day (what 「1 个工作日」 means). */
  minutesPerDay: z.number().int(),
})
