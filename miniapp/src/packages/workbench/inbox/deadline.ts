import type { ReportListParams, ReportSummaryDto } from '../../../services/reports'

const MINUTE = 60 * 1000

/** A span in words, as a handler reads it at a glance: 35分钟, 2小时, 1天5小时, 4天. */
export function spanText(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / MINUTE)
  if (minutes < 1) return '不足1分钟'
  if (minutes < 60) return `${minutes}分钟`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return `${hours}小时`
  const days = Math.floor(hours / 24)
  const rest = hours % 24
  return days < 3 && rest > 0 ? `${days}天${rest}小时` : `${days}天`
}

/** How urgent a row looks: overdue (red), due within 30 minutes (amber), or calm. */
export type DeadlineTone = 'overdue' | 'soon' | 'normal'

/**
 * The deadline line of an inbox row: 「已超期 2小时」 or 「剩余 2小时」, or null when the report
 * has no running deadline (waiting for the resident, or done). Whether it is overdue is the API's
 * word (`isOverdue`); the time only says by how much.
 */
export function deadlineOf(item: Pick<ReportSummaryDto, 'dueAt' | 'isOverdue'>, now: Date): { text: string; tone: DeadlineTone } | null {
  if (!item.dueAt) return item.isOverdue ? { text: '已超期', tone: 'overdue' } : null
  const left = Date.parse(item.dueAt) - now.getTime()
  if (Number.isNaN(left)) return null
  if (item.isOverdue || left <= 0) return { text: left < 0 ? `已超期 ${spanText(left)}` : '已超期', tone: 'overdue' }
  return { text: `剩余 ${spanText(left)}`, tone: left <= 30 * MINUTE ? 'soon' : 'normal' }
}

/** The state filter of the inbox: what is still to do, only the overdue, what is done, or all. */
export type StateFilter = 'open' | 'overdue' | 'done' | 'all'

export const STATE_FILTERS: { value: StateFilter; label: string }[] = [
  { value: 'open', label: '待办' },
  { value: 'overdue', label: '已超期' },
  { value: 'done', label: '已完成' },
  { value: 'all', label: '全部' },
]

export type InboxFilter = { state: StateFilter; categoryId?: number; gridId?: number }

/** The inbox query for a filter (the API orders by deadline and applies the caller's scope). */
export function inboxQuery(filter: InboxFilter): ReportListParams {
  const query: ReportListParams = { categoryId: filter.categoryId, gridId: filter.gridId }
  if (filter.state === 'open') query.status = 'open'
  if (filter.state === 'done') query.status = 'done'
  if (filter.state === 'overdue') {
    query.status = 'open'
    query.overdue = true
  }
  return query
}
