import { randomBytes } from 'node:crypto'
import type http from 'node:http'
import { FakeWechat } from './fakeWechat.ts'

export type FakeVerdict = { suggest: 'pass' | 'review' | 'risky'; label: number }

/**
 * The fake WeChat (login, stable_token, …) plus text content security, `POST
 * /wxa/msg_sec_check?access_token=` version 2, speaking the documented protocol:
 * 40001 for an access token the fake did not issue (or issued before `expireTokens()`),
 * 40003 for a missing openid, 40129 for a scene outside 1–4, 47001 for a body that is not
 * `{ content: string, version: 2 }`, 61010 for a user in `inactive` (WeChat checks only users who
 * used the mini-program in the last 2 hours). Otherwise `{ errcode: 0, errmsg: 'ok', trace_id,
 * result: { suggest, label }, detail: [...] }`, the verdict of the first `rules` entry whose
 * word the content (or title) contains, else pass / 100.
 */
export class FakeContentSecurity extends FakeWechat {
  /** Word → verdict, checked in order (e.g. `rules.set('混蛋', { suggest: 'risky', label: 20003 })`). */
  readonly rules = new Map<string, FakeVerdict>()
  /** openids WeChat answers 61010 for. */
  readonly inactive = new Set<string>()
  /** errcodes to answer the next checks with, in order (e.g. -1 system busy). */
  readonly checkFailNext: number[] = []
  /** Answer the next checks with HTTP 200 and a body that is not JSON. */
  garbageNext = 0
  /** Delay before answering a check (a timeout when above WECHAT_TIMEOUT_MS). */
  checkDelayMs = 0
  /** Bodies of every check received (tests assert what was sent; never the app's logs). */
  readonly checks: Record<string, unknown>[] = []

  /** The tokens FakeWechat's stable_token issued: a check validates the same tokens. */
  private get issued(): Set<string> {
    return this.tokens
  }

  reset() {
    this.rules.clear()
    this.inactive.clear()
    this.checkFailNext.length = 0
    this.garbageNext = 0
    this.checkDelayMs = 0
    this.checks.length = 0
  }

  protected override async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname !== '/wxa/msg_sec_check') return super.handle(req, res)
    let raw = ''
    for await (const chunk of req) raw += chunk
    const send = (obj: unknown) => {
      if (res.destroyed) return
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(obj))
    }
    const err = (errcode: number, errmsg: string) => send({ errcode, errmsg: `${errmsg} rid: ${randomBytes(4).toString('hex')}` })
    if (req.method !== 'POST') return err(43002, 'require POST method')
    let body: Record<string, unknown>
    try {
      body = JSON.parse(raw)
    } catch {
      return err(47001, 'data format error')
    }
    this.calls.push({ path: url.pathname, body })
    if (!this.issued.has(url.searchParams.get('access_token') ?? '')) return err(40001, 'invalid credential, access_token is invalid or not latest')
    this.checks.push(body)
    if (this.checkDelayMs) await new Promise((r) => setTimeout(r, this.checkDelayMs))
    if (this.garbageNext > 0) {
      this.garbageNext--
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<html>busy</html>')
      return
    }
    const injected = this.checkFailNext.shift()
    if (injected !== undefined) return err(injected, injected === -1 ? 'system error' : 'injected')
    if (typeof body.content !== 'string' || body.version !== 2) return err(47001, 'data format error')
    if (typeof body.openid !== 'string' || body.openid === '') return err(40003, 'invalid openid')
    if (![1, 2, 3, 4].includes(body.scene as number)) return err(40129, 'invalid scene')
    if (this.inactive.has(body.openid)) return err(61010, 'user access expired')
    const text = `${typeof body.title === 'string' ? body.title : ''}\n${body.content}`
    const hit = [...this.rules].find(([word]) => text.includes(word))
    const verdict: FakeVerdict = hit ? hit[1] : { suggest: 'pass', label: 100 }
    return send({
      errcode: 0,
      errmsg: 'ok',
      trace_id: `${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`,
      result: verdict,
      detail: [
        { strategy: 'content_model', errcode: 0, suggest: verdict.suggest, label: verdict.label, prob: hit ? 90 : 0 },
        { strategy: 'keyword', errcode: 0, suggest: verdict.suggest, label: verdict.label, ...(hit ? { level: 90, keyword: hit[0] } : {}) },
      ],
    })
  }
}
