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
