import { requestOrigin } from '../../http/context.ts'
import { ApiRoutes } from '../../http/route.ts'
import { CalendarDayView, CalendarQuery, CalendarView, DayBody, DayParam, PeriodsBody } from './calendar.schema.ts'
import { deleteCalendarDay, getCalendarView, putCalendarDay, putWorkPeriods } from './calendar.service.ts'

const tags = ['工作日历 calendar']

/** The working calendar deadlines run on: holidays, 调休 working days and working hours (admins maintain it). */
export function calendarRoutes() {
  const r = new ApiRoutes('/api/v1')

  r.get('/admin/calendar', { summary: '工作日历：某年的节假日和调休上班日，以及每天的工作时段（工作人员可查看）', tags, query: CalendarQuery, response: CalendarView },
    async (ctx, { actor, query }) => ({ data: await getCalendarView(ctx.deps, actor, query.year) }))

  r.put('/admin/calendar/days/:day', { summary: '设置某天为节假日或调休上班日（管理员）', tags, params: DayParam, body: DayBody, response: CalendarDayView },
    async (ctx, { actor, params, body }) => ({ data: await putCalendarDay(ctx.deps, actor, params.day, body, requestOrigin(ctx)) }))

  r.delete('/admin/calendar/days/:day', { summary: '取消某天的设置，恢复为周一至周五上班（管理员）', tags, params: DayParam, response: CalendarDayView },
    async (ctx, { actor, params }) => ({ data: await deleteCalendarDay(ctx.deps, actor, params.day, requestOrigin(ctx)) }))

  r.put('/admin/calendar/periods', { summary: '替换每天的工作时段（分钟，按先后排列、不重叠；管理员）', tags, body: PeriodsBody, response: CalendarView },
    async (ctx, { actor, body }) => ({ data: await putWorkPeriods(ctx.deps, actor, body.periods, requestOrigin(ctx)) }))

  return r
}
