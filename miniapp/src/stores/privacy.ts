import Taro from '@tarojs/taro'

/**
 * WeChat's privacy gate (weapp, base library ≥ 2.32.3). When a privacy-protected API or button
 * (手机号, 相册, 剪贴板, 位置…) is used before the user agreed to our 用户隐私保护指引, WeChat
 * holds the call and asks us, through onNeedPrivacyAuthorization, to show our own sheet; the
 * held call continues or fails with the answer we pass to its `resolve`.
 */

type ResolveOption = { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }
/** One held call: how to answer it and which API or component asked (e.g. `button.getPhoneNumber`). */
export type PrivacyRequest = { resolve: (option: ResolveOption) => void; referrer: string }

/** The id of the sheet's agree button (open-type="agreePrivacyAuthorization"); WeChat checks it was tapped. */
export const PRIVACY_AGREE_BUTTON = 'privacy-agree'

let held: PrivacyRequest[] = []
const listeners = new Set<() => void>()
const notify = () => listeners.forEach((l) => l())
let started = false

/** Registers the app's one listener (weapp only, once); the sheet in every page shows what it holds. */
export function startPrivacyGate(): void {
  if (started || process.env.TARO_ENV !== 'weapp' || typeof Taro.onNeedPrivacyAuthorization !== 'function') return
  started = true
  Taro.onNeedPrivacyAuthorization((resolve, info) => {
    held = [...held, { resolve, referrer: info?.referrer ?? '' }]
    notify()
    // The sheet is on screen from this notification on; WeChat wants to be told it was shown.
    resolve({ event: 'exposureAuthorization' })
  })
}

/** The held call the sheet is about, or null when WeChat is not asking. */
export function currentPrivacyRequest(): PrivacyRequest | null {
  return held[0] ?? null
}

/** Answers every held call: agreed (after the agree button was tapped) or refused; the sheet closes. */
export function answerPrivacy(agree: boolean): void {
  const answered = held
  held = []
  notify()
  for (const r of answered) r.resolve(agree ? { event: 'agree', buttonId: PRIVACY_AGREE_BUTTON } : { event: 'disagree' })
}

/** Calls `listener` when a call is held or answered; returns the unsubscribe function. */
export function subscribePrivacy(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Test hook: forget held calls and the registration. */
export function resetPrivacyGate(): void {
  held = []
  started = false
}
