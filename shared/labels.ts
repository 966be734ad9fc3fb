/**
 * Codes and their Chinese names that the API's schemas validate and the mini-program offers as
 * choices (pickers, tabs) before the API has sent anything to label. One definition each; the
 * API's answers also carry each record's own label (`categoryLabel`, `relationLabel`, …).
 */

/** Account roles, as 我的 and the login picker name them. */
export const ROLE_LABELS = {
  resident: '居民',
  grid_worker: '网格员',
  grid_leader: '网格长',
  committee: '社区工作人员',
  street: '街道工作人员',
  dept: '职能部门',
  admin: '系统管理员',
  auditor: '审计员',
} as const
export type Role = keyof typeof ROLE_LABELS

/** A member's relation to a household, in the order offered. */
export const RELATION_LABELS = { owner: '户主', family: '家属', tenant: '租户' } as const
export type Relation = keyof typeof RELATION_LABELS

/** Notice categories, in the order offered. */
export const NOTICE_CATEGORY_LABELS = { notice: '通知', activity: '活动', policy: '政策', outage: '停水停电', other: '其他' } as const
export type NoticeCategory = keyof typeof NOTICE_CATEGORY_LABELS

/** The states of a notice, in the order of 公告管理's tabs. */
export const NOTICE_STATE_LABELS = {
  draft: '草稿', scheduled: '待发布', published: '已发布', withdrawn: '已撤回', expired: '已过期',
} as const
export type NoticeState = keyof typeof NOTICE_STATE_LABELS

/** How a consultation topic is decided, in the order offered. */
export const DECISION_METHOD_LABELS = { none: '仅协商，不表决', vote: '居民投票表决', meeting: '会议议定' } as const
export type DecisionMethod = keyof typeof DECISION_METHOD_LABELS

/** The kinds of a consultation vote, in the order offered. */
export const VOTE_KIND_LABELS = { approve: '同意 / 不同意 / 弃权', single: '单选', multiple: '多选' } as const
export type VoteKind = keyof typeof VOTE_KIND_LABELS

/** Who has a vote: each resident or each household, in the order offered. */
export const VOTE_UNIT_LABELS = { per_resident: '每位居民一票', per_household: '每户一票' } as const
export type VoteUnit = keyof typeof VOTE_UNIT_LABELS

/** The three kinds of public affairs (三务公开), in the order of the tabs. */
export const DISCLOSURE_CATEGORY_LABELS = { party: '党务', affairs: '居务', finance: '财务' } as const
export type DisclosureCategory = keyof typeof DISCLOSURE_CATEGORY_LABELS

/** The two kinds of a disclosed money line, in the order offered. */
export const DISCLOSURE_LINE_KIND_LABELS = { income: '收入', expense: '支出' } as const
export type DisclosureLineKind = keyof typeof DISCLOSURE_LINE_KIND_LABELS

/** The codes of a label table as a non-empty tuple, in order (what `z.enum` takes). */
export function codesOf<K extends string>(labels: Record<K, string>): [K, ...K[]] {
  return Object.keys(labels) as [K, ...K[]]
}

/** A label table as `{value, label}` choices, in order (what a picker or tab bar takes). */
export function choicesOf<K extends string>(labels: Record<K, string>): { value: K; label: string }[] {
  return codesOf(labels).map((value) => ({ value, label: labels[value] }))
}
