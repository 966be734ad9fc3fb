/**
 * Limits the API's schemas enforce and the mini-program's forms show (input maxlength, hints,
 * checks before sending). One number each, so a form never allows what the API refuses.
 */

/** A consultation topic (POST /consultations): title, background and photos. */
export const TOPIC_LIMITS = { titleMin: 4, titleMax: 100, backgroundMax: 4000, attachmentsMax: 9 } as const
