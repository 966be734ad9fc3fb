import type Koa from 'koa'
import { requestOrigin, type AppContextExt, type AppState } from '../../http/context.ts'
import { ApiRoutes } from '../../http/route.ts'
import { signedHeaders } from '../../integrations/wechatpay/notify.ts'
import { handleNotification } from './payment.notify.ts'

export const NOTIFY_PATH = '/api/v1/payments/wechat/notify'
/**
 * WeChat Pay's notifications are about a kilobyte; far below the API's 1 MB, yet roomy enough that
 * the fuzz's 100 KB malformed JSON is answered as malformed (400) like on every other route.
 */
const BODY_LIMIT = 128 * 1024

const tags = ['微信支付 payments']

/**
 * POST /api/v1/payments/wechat/notify, mounted before the JSON body parser: the signature covers
 * the exact bytes received, so they are read here (at most BODY_LIMIT) and never re-serialised.
 * No access token (WeChat Pay calls it). The answer is 204, or WeChat Pay's documented
 * `{code: 'FAIL', message}` — with the API's `error: {code, message}` and `requestId` beside it —
 * and the status of payment.notify.ts NOTIFY_STATUS (error.code is the outcome, e.g. BAD_SIGNATURE).
 */
export function paymentNotify(): Koa.Middleware<AppState, AppContextExt> {
  return async (ctx, next) => {
    if (ctx.path !== NOTIFY_PATH || ctx.method !== 'POST') return next()
    ctx.set('Cache-Control', 'no-store')
    // WeChat Pay reads `code` and `message`; `error` and `requestId` are the API's envelope.
    const fail = (status: number, message: string, code: string) => {
      ctx.status = status
      ctx.body = { code: 'FAIL', message, error: { code, message }, requestId: ctx.state.requestId }
    }
    if (Number(ctx.get('content-length') || 0) > BODY_LIMIT) return fail(413, '请求体过大', 'PAYLOAD_TOO_LARGE')
    const chunks: Buffer[] = []
    let size = 0
    try {
      for await (const chunk of ctx.req) {
        size += (chunk as Buffer).length
        if (size > BODY_LIMIT) return fail(413, '请求体过大', 'PAYLOAD_TOO_LARGE')
        chunks.push(chunk as Buffer)
      }
    } catch {
      return fail(400, '请求体读取失败', 'BAD_REQUEST')
    }
    try {
      const r = await handleNotification(ctx.deps, signedHeaders((h) => ctx.get(h)), Buffer.concat(chunks), requestOrigin(ctx))
      if (r.message) return fail(r.status, r.message, r.outcome.toUpperCase())
      ctx.status = r.status
      ctx.body = null
    } catch (e) {
      ctx.deps.log.error('wechat pay notification not recorded', { requestId: ctx.state.requestId, error: (e as Error).message })
      fail(503, '系统繁忙，请稍后重试', 'SERVICE_UNAVAILABLE')
    }
  }
}

/** The notification route in the OpenAPI document (served by `paymentNotify`, not by this router). */
export function paymentRoutes(): ApiRoutes {
  const r = new ApiRoutes('/api/v1')
  r.docs.push({
    method: 'post',
    path: NOTIFY_PATH,
    spec: {
      summary: '微信支付结果与退款结果通知（微信支付调用，验签后处理）',
      description: '请求头 Wechatpay-Timestamp/Nonce/Signature/Serial；成功 204，失败 {code: "FAIL", message, error, requestId}。',
      tags,
      auth: 'none',
    },
  })
  return r
}
