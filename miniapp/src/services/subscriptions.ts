import Taro from '@tarojs/taro'
import { request } from './request'
import type { SubscriptionDto, SubscriptionInput } from './types'

/** What wx.requestSubscribeMessage may answer per template. */
export type SubscribeAnswer = SubscriptionInput['results'][string]
const ANSWERS: readonly string[] = ['accept', 'reject', 'ban', 'filter'] satisfies SubscribeAnswer[]

/** One configured template (the API lists them as an array). */
export type SubscribeTemplate = SubscriptionDto[number]

/** WeChat allows at most three templates in one request. */
export const MAX_TEMPLATES_PER_ASK = 3

/** Subscribe messages exist only inside WeChat; the H5 portal hides the button. */
export function subscribeSupported(): boolean {
  return process.env.TARO_ENV === 'weapp'
}

/** The configured subscribe-message templates and how many sends each has left for me. */
export function listSubscriptions() {
  return request<SubscriptionDto>('/subscriptions')
}

/** Tells the API what the user answered, so it knows which sends are allowed. */
export function reportSubscriptions(results: SubscriptionInput['results']) {
  return request<unknown>('/subscriptions', { method: 'POST', body: { results } })
}

/** Template ids to ask for: those whose key mentions `prefer` first, at most three. */
export function pickTemplateIds(templates: SubscribeTemplate[], prefer = 'notice'): string[] {
  const preferred = templates.filter((t) => t.key.includes(prefer))
  const rest = templates.filter((t) => !t.key.includes(prefer))
  return [...preferred, ...rest].slice(0, MAX_TEMPLATES_PER_ASK).map((t) => t.templateId)
}

export type SubscribeOutcome = { asked: number; accepted: number; reported: boolean }

/**
 * Asks the user to allow the given templates and reports the answers to the API. WeChat only
 * shows its dialog from a tap, so the call to requestSubscribeMessage comes first, before any
 * await: load the template ids beforehand and call this straight from the tap handler.
 */
export async function askAndReport(tmplIds: string[]): Promise<SubscribeOutcome> {
  if (!subscribeSupported() || tmplIds.length === 0) return { asked: 0, accepted: 0, reported: false }
  let answer: Record<string, unknown>
  try {
    answer = (await Taro.requestSubscribeMessage({ tmplIds } as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, unknown>
  } catch {
    // The user switched subscriptions off in WeChat, or the dialog could not open: nothing to report.
    return { asked: tmplIds.length, accepted: 0, reported: false }
  }
  const results: Record<string, SubscribeAnswer> = {}
  for (const id of tmplIds) {
    const v = answer[id]
    if (typeof v === 'string' && ANSWERS.includes(v)) results[id] = v as SubscribeAnswer
  }
  const accepted = Object.values(results).filter((v) => v === 'accept').length
  if (Object.keys(results).length === 0) return { asked: tmplIds.length, accepted, reported: false }
  await reportSubscriptions(results)
  return { asked: tmplIds.length, accepted, reported: true }
}
