/**
 * Limits the API's schemas enforce and the mini-program's forms show (input maxlength, hints,
 * checks before sending). One number each, so a form never allows what the API refuses.
 */

/** A consultation topic (POST /consultations): title, background and photos. */
export const TOPIC_LIMITS = { titleMin: 4, titleMax: 100, backgroundMax: 4000, attachmentsMax: 9 } as const

/**
 * A 三务公开 item (POST /disclosures and its corrections): title, body, money lines, photos, the
 * reason of a correction or withdrawal; residents' questions, staff answers and hiding reasons.
 */
export const DISCLOSURE_LIMITS = {
  titleMin: 2, titleMax: 100, bodyMax: 5000, linesMax: 100, attachmentsMax: 9, lineCategoryMax: 32, lineLabelMax: 100,
  reasonMin: 2, reasonMax: 500, questionMin: 2, questionMax: 1000, answerMin: 2, answerMax: 2000, hideReasonMin: 2, hideReasonMax: 200,
} as const

/** The reason staff write when they decide: a binding rejected (驳回原因), an identity review decided (核实情况). */
export const DECISION_REASON_LIMITS = { min: 2, max: 200 } as const

/** A grid worker's leave (请假原因, optional). */
export const LEAVE_LIMITS = { reasonMax: 100 } as const

/** A bookable service (预约服务): its name, window, description and materials checklist. */
export const SERVICE_LIMITS = {
  nameMin: 2, nameMax: 64, departmentMin: 2, departmentMax: 64, descriptionMax: 2000,
  materialsMax: 30, materialNameMax: 40, materialNoteMax: 100, copiesMax: 20,
} as const

/** A bookable service's numbers: duration, fee (fen), how far ahead, notice, free cancellation, sort order. */
export const SERVICE_NUMBER_LIMITS = {
  durationMinutes: { min: 5, max: 480 },
  feeFen: { min: 0, max: 10_000_000 },
  bookAheadDays: { min: 1, max: 90 },
  minNoticeMinutes: { min: 0, max: 7 * 24 * 60 },
  freeCancelHours: { min: 0, max: 14 * 24 },
  sortOrder: { min: 0, max: 10_000 },
} as const

/** An election (换届选举): title, description and the voters' conditions. */
export const ELECTION_LIMITS = { titleMin: 2, titleMax: 100, descriptionMax: 2000, conditionsMin: 2, conditionsMax: 2000 } as const
