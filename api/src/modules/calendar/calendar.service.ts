import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import { clearCalendarCache } from '../../core/calendar.ts'
import type { Deps } from '../../core/context.ts'
import { notFound } from '../../core/errors.ts'
import { authorize } from '../../core/policy.ts'
import { formatShanghai } from '../../core/time.ts'
import { calendarPolicy } from './calendar.policy.ts'
import { presentCalendarDay, presentWorkPeriod } from './calendar.presenter.ts'

const dateOf = (day: string) => new Date(`${day}T00:00:00Z`)

/** The special days of a year (default: this year in Shanghai) and the working periods. */
export async function getCalendarView(deps: Deps, actor: Actor, year?: number) {
  authorize(actor, calendarPolicy.view, null)
  const y = year ?? Number(formatShanghai(deps.now(), 'YYYY'))
  const [days, periods] = await Promise.all([
    deps.db.calendarDay.findMany({ where: { day: { gte: dateOf(`${y}-01-01`), lte: dateOf(`${y}-12-31`) } }, orderBy: { day: 'asc' } }),
    deps.db.workPeriod.findMany({ orderBy: { startMinute: 'asc' } }),
  ])
  return {
    year: y,
    days: days.map(presentCalendarDay),
    periods: periods.map(presentWorkPeriod),
    minutesPerDay: periods.reduce((sum, p) => sum + p.endMinute - p.startMinute, 0),
  }
}

/** Marks a day as a holiday or a 调休 working day (replacing what it was). */
export async function putCalendarDay(deps: Deps, actor: Actor, day: string, input: { kind: 'holiday' | 'workday'; name: string }, origin: AuditOrigin) {
  authorize(actor, calendarPolicy.manage, null)
  const saved = await deps.db.$transaction(async (tx) => {
    const before = await tx.calendarDay.findUnique({ where: { day: dateOf(day) } })
    const row = await tx.calendarDay.upsert({
      where: { day: dateOf(day) },
      create: { day: dateOf(day), kind: input.kind, name: input.name, updatedAt: deps.now() },
      update: { kind: input.kind, name: input.name, updatedAt: deps.now() },
    })
    await audit(tx, {
      actor, action: 'calendar.day.put', resourceType: 'calendar_day', resourceId: day, result: 'success',
      details: { before: before ? { kind: before.kind, name: before.name } : null, after: input },
    }, origin)
    return row
  })
  clearCalendarCache(deps)
  return presentCalendarDay(saved)
}

/** Returns a day to the ordinary rule (Mon–Fri working); 404 when it was not marked. */
export async function deleteCalendarDay(deps: Deps, actor: Actor, day: string, origin: AuditOrigin) {
  authorize(actor, calendarPolicy.manage, null)
  const removed = await deps.db.$transaction(async (tx) => {
    const before = await tx.calendarDay.findUnique({ where: { day: dateOf(day) } })
    if (!before) throw notFound('日历设置')
    const gone = await tx.calendarDay.deleteMany({ where: { day: dateOf(day) } })
    if (gone.count !== 1) throw notFound('日历设置')
    await audit(tx, {
      actor, action: 'calendar.day.delete', resourceType: 'calendar_day', resourceId: day, result: 'success',
      details: { before: { kind: before.kind, name: before.name } },
    }, origin)
    return before
  })
  clearCalendarCache(deps)
  return presentCalendarDay(removed)
}

/** Replaces the working periods of every working day in one transaction. */
export async function putWorkPeriods(deps: Deps, actor: Actor, periods: { start: number; end: number }[], origin: AuditOrigin) {
  authorize(actor, calendarPolicy.manage, null)
  await deps.db.$transaction(async (tx) => {
    const before = await tx.workPeriod.findMany({ orderBy: { startMinute: 'asc' } })
    await tx.workPeriod.deleteMany({})
    await tx.workPeriod.createMany({ data: periods.map((p) => ({ startMinute: p.start, endMinute: p.end })) })
    await audit(tx, {
      actor, action: 'calendar.periods.put', resourceType: 'work_periods', result: 'success',
      details: { before: before.map((p) => ({ start: p.startMinute, end: p.endMinute })), after: periods },
    }, origin)
  })
  clearCalendarCache(deps)
  return getCalendarView(deps, actor)
}
