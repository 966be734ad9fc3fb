import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import type { RequestPaymentDto } from '../../services/bookings'

/** What came of showing WeChat's payment sheet. */
export type PayOutcome = 'paid' | 'cancelled' | 'failed' | 'unsupported'

/** Said in the H5 portal, which cannot open WeChat Pay. */
export const PAY_IN_WECHAT = '请在微信小程序中完成支付'

/**
 * Opens WeChat's payment sheet with the API's parameters. Only the mini-program can pay: the H5
 * portal answers `unsupported` (the booking stays awaiting payment until its hold ends). `paid`
 * means WeChat says so; the booking is confirmed once the API has WeChat Pay's notification.
 */
export async function payInWechat(params: RequestPaymentDto): Promise<PayOutcome> {
  if (process.env.TARO_ENV !== 'weapp') return 'unsupported'
  try {
    await Taro.requestPayment({ ...params })
    return 'paid'
  } catch (e) {
    const msg = (e as { errMsg?: string } | null)?.errMsg ?? ''
    return msg.includes('cancel') ? 'cancelled' : 'failed'
  }
}

/** What to tell the resident after the payment sheet closed. */
export function payOutcomeText(outcome: PayOutcome): string {
  switch (outcome) {
    case 'paid':
      return '支付成功，正在确认'
    case 'cancelled':
      return '未完成支付，可在预约详情中继续支付'
    case 'failed':
      return '支付没有成功，请稍后在预约详情中重试'
    default:
      return PAY_IN_WECHAT
  }
}

/** `mm:ss` left until `until`, or null once it has passed. */
export function timeLeft(until: string | null, now: number): string | null {
  if (!until) return null
  const ms = Date.parse(until) - now
  if (!(ms > 0)) return null
  const s = Math.ceil(ms / 1000)
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
}

/** The time left until `until`, updated every second (null when none or passed). */
export function useCountdown(until: string | null): string | null {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!until) return
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [until])
  return timeLeft(until, now)
}
