import type { Actor } from '../../core/actor.ts'
import { categoryPolicy } from './category.policy.ts'

export type CategoryRow = {
  id: number; code: string; name: string; description: string
  handlingUnit: 'grid' | 'department'; departmentId: number | null; department: { id: number; name: string } | null
  acceptMinutes: number; resolveMinutes: number; clock: 'working' | 'calendar'; sortOrder: number; active: boolean
}

/** `minutes` of working time in words: whole working days, else whole hours, else minutes. */
function workingSpan(minutes: number, minutesPerDay: number): string {
  if (minutesPerDay > 0 && minutes % minutesPerDay === 0) return `${minutes / minutesPerDay} 个工作日`
  if (minutes % 60 === 0) return `${minutes / 60} 个工作小时`
  return `${minutes} 个工作分钟`
}

/** `minutes` of clock time in words: whole hours, else minutes. */
const clockSpan = (minutes: number) => (minutes % 60 === 0 ? `${minutes / 60} 小时` : `${minutes} 分钟`)

/**
 * The deadlines in words, e.g. 「受理时限 2 个工作小时 · 办结时限 3 个工作日」 or, for categories on
 * the clock, 「受理时限 30 分钟 · 办结时限 24 小时（全天计时）」. A working day is the day's working
 * periods (420 minutes by default).
 */
export function deadlineText(c: Pick<CategoryRow, 'acceptMinutes' | 'resolveMinutes' | 'clock'>, minutesPerDay: number): string {
  if (c.clock === 'calendar') return `受理时限 ${clockSpan(c.acceptMinutes)} · 办结时限 ${clockSpan(c.resolveMinutes)}（全天计时）`
  return `受理时限 ${workingSpan(c.acceptMinutes, minutesPerDay)} · 办结时限 ${workingSpan(c.resolveMinutes, minutesPerDay)}`
}

/** A category as residents and staff see it (CategoryView). */
export function presentCategory(c: CategoryRow, minutesPerDay: number) {
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    description: c.description,
    handlingUnit: c.handlingUnit,
    department: c.department ? { id: c.department.id, name: c.department.name } : null,
    acceptMinutes: c.acceptMinutes,
    resolveMinutes: c.resolveMinutes,
    clock: c.clock,
    deadlineText: deadlineText(c, minutesPerDay),
  }
}

/** A category as administrators see it (AdminCategoryView). */
export function presentAdminCategory(c: CategoryRow, minutesPerDay: number, actor: Actor) {
  return { ...presentCategory(c, minutesPerDay), sortOrder: c.sortOrder, active: c.active, policies: { update: categoryPolicy.manage(actor, null) === true } }
}
