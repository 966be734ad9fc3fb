import type { ReportPoliciesDto } from '../../../services/reports'

/** The handler's actions on a report, in the order the buttons appear. */
export type HandlerAction = 'accept' | 'reply' | 'resolve' | 'requestInfo' | 'transfer' | 'reject' | 'close' | 'reassign'

type ActionInfo = {
  action: HandlerAction
  label: string
  /** Element id of the button (stable: the end-to-end tests tap them). */
  id: string
  kind: 'primary' | 'secondary' | 'danger'
  /** Done at once (one tap) rather than through a form. */
  oneTap?: boolean
}

const ACTIONS: ActionInfo[] = [
  { action: 'accept', label: '受理', id: 'report-accept', kind: 'primary', oneTap: true },
  { action: 'resolve', label: '办结', id: 'report-resolve', kind: 'primary' },
  { action: 'reply', label: '回复', id: 'report-reply', kind: 'secondary' },
  { action: 'requestInfo', label: '请补充', id: 'report-request-info', kind: 'secondary' },
  { action: 'transfer', label: '转办', id: 'report-transfer', kind: 'secondary' },
  { action: 'reassign', label: '改派', id: 'report-reassign', kind: 'secondary' },
  { action: 'close', label: '关闭', id: 'report-close', kind: 'secondary' },
  { action: 'reject', label: '不予受理', id: 'report-reject', kind: 'danger' },
]

/**
 * The buttons the caller gets on this report: exactly those its `policies` allow (the API's
 * rules, never repeated here). Residents' actions (rate, reopen, supplement, second) never show.
 */
export function handlerActions(policies: ReportPoliciesDto): ActionInfo[] {
  return ACTIONS.filter((a) => policies[a.action])
}

/** The confirmation asked before an action that is hard to take back, or null. */
export function confirmationOf(action: HandlerAction): { title: string; content: string; confirmText: string } | null {
  if (action === 'reject') return { title: '不予受理', content: '确定不予受理这条诉求吗？居民将看到您填写的原因和指引，此操作不能撤回。', confirmText: '不予受理' }
  if (action === 'reassign') return { title: '改派', content: '确定把这条诉求改派给所选的网格员吗？原承办人和新承办人都会收到通知。', confirmText: '改派' }
  if (action === 'close') return { title: '关闭诉求', content: '确定关闭这条诉求吗？关闭后居民不能再评价或重新办理。', confirmText: '关闭' }
  return null
}

/** The fields an action's form sends, as the API names them in its errors. */
export const ACTION_FIELDS: Record<HandlerAction, string[]> = {
  accept: [],
  reply: ['text', 'photos'],
  resolve: ['text', 'photos'],
  requestInfo: ['question'],
  transfer: ['departmentId', 'gridId', 'reason'],
  reject: ['reason'],
  close: ['note'],
  reassign: ['assigneeId', 'reason'],
}

/** The toast after an action succeeded. */
export const DONE_TEXT: Record<HandlerAction, string> = {
  accept: '已受理', reply: '已回复', resolve: '已办结', requestInfo: '已请居民补充', transfer: '已转办', reject: '已不予受理',
  close: '已关闭', reassign: '已改派',
}
