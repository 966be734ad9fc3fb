import {
  DECISION_METHOD_LABELS, NOTICE_CATEGORY_LABELS, NOTICE_STATE_LABELS, RELATION_LABELS, ROLE_LABELS, VOTE_KIND_LABELS, VOTE_UNIT_LABELS, choicesOf,
} from '../../../shared/labels'

/**
 * Choices the mini-program offers before the API has labelled anything (pickers, tabs, role
 * names), taken from the tables the API's schemas validate against (shared/labels.ts). A record
 * the API sends carries its own label (`categoryLabel`, `stateLabel`, …): show that instead.
 */

/** `committee` → `社区工作人员`; unknown codes pass through. */
export function roleLabel(role: string): string {
  return (ROLE_LABELS as Record<string, string>)[role] ?? role
}

/** Household relations the resident may choose, in the order shown. */
export const RELATIONS = choicesOf(RELATION_LABELS)

/** Notice categories in the order shown. */
export const NOTICE_CATEGORIES = choicesOf(NOTICE_CATEGORY_LABELS)

/** The states of a notice, as tabs of 公告管理. */
export const NOTICE_STATES = choicesOf(NOTICE_STATE_LABELS)

/** How a consultation topic may be decided, as 发起议题 offers it. */
export const DECISION_METHODS = choicesOf(DECISION_METHOD_LABELS)

/** The kinds of a consultation vote and who votes, as 表决设置 offers them. */
export const VOTE_KINDS = choicesOf(VOTE_KIND_LABELS)
export const VOTE_UNITS = choicesOf(VOTE_UNIT_LABELS)
