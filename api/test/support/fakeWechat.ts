import { randomBytes } from 'node:crypto'
import http from 'node:http'
import { FakeHttpServer } from './fakeServer.ts'

/**
 * A fake of WeChat's server API on 127.0.0.1 speaking the documented protocol: code2Session
 * (codes work once; 40029 otherwise; 40125 for a wrong secret), stable_token, and
 * getuserphonenumber (40001 for an unknown access token, 40029 for an unknown code). Tests
 * register the codes a "device" would get from wx.login / getPhoneNumber.
 */
export class FakeWechat extends FakeHttpServer {
  readonly appid = 'wxtest0000000001'
  readonly secret = 'fake-secret-0123456789'
  readonly calls: { path: string; body?: unknown }[] = []
  private readonly loginCodes = new Map<string, { openid: string; unionid?: string }>()
  private readonly phoneCodes = new Map<string, { purePhoneNumber: string; countryCode: string }>()
  /** Access tokens issued (read by the content-security fake, which accepts the same ones). */
  protected readonly tokens = new Set<string>()
  /** Every accepted subscribe message. */
  readonly sent: { touser: string; template_id: string; page?: string; data: Record<string, { value: string }> }[] = []
  /** Users for whom WeChat holds no grant (43101). */
  readonly noGrant = new Set<string>()
  /** errcodes to answer the next subscribe sends with, in order (e.g. -1 system busy). */
  readonly failNext: number[] = []
  /** Delay before answering a subscribe send, to widen race windows in tests. */
  sendDelayMs = 0
  /** The touser of every subscribe send received, recorded before the delay and the checks. */
  readonly received: string[] = []

  /** A one-time wx.login code for a WeChat user. */
  loginCode(openid: string, unionid?: string): string {
    const code = `lc_${randomBytes(6).toString('hex')}`
    this.loginCodes.set(code, { openid, unionid })
    return code
  }

  /** A one-time getPhoneNumber code. */
  phoneCode(purePhoneNumber: string, countryCode = '86'): string {
    const code = `pc_${randomBytes(6).toString('hex')}`
    this.phoneCodes.set(code, { purePhoneNumber, countryCode })
    return code
  }

  /** Makes every issued access token invalid (as when WeChat rotates it). */
  expireTokens() {
    this.tokens.clear()
  }

  count(path: string) {
    return this.calls.filter((c) => c.path === path).length
  }

  env(): Record<string, string> {
    return { WECHAT_APPID: this.appid, WECHAT_SECRET: this.secret, WECHAT_API_BASE: this.baseUrl }
  }


  /** WeChat's documented value rules for subscribe-message fields, by type prefix. */
  static valueOk(key: string, value: unknown): boolean {
    if (typeof value !== 'string' || value === '') return false
    const n = Array.from(value).length
    const type = key.replace(/\d+$/, '')
    switch (type) {
      case 'thing': return n <= 20
      case 'name': return n <= 10
      case 'phrase': return n <= 5 && /^[\u3400-\u9fff]+$/u.test(value)
      case 'character_string': return n <= 32 && /^[\x21-\x7e]+$/.test(value)
      case 'number': return n <= 32 && /^[0-9.]+$/.test(value)
      case 'time': return /^\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2})?$/.test(value)
      case 'date': return /^\d{4}年\d{1,2}月\d{1,2}日$/.test(value)
      default: return n <= 20
    }
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x')
    let raw = ''
    for await (const chunk of req) raw += chunk
    const body = raw ? JSON.parse(raw) : undefined
    this.calls.push({ path: url.pathname, body })
    const send = (obj: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(obj))
    }
    const err = (errcode: number, errmsg: string) => send({ errcode, errmsg: `${errmsg} rid: ${randomBytes(4).toString('hex')}` })

    if (url.pathname === '/sns/jscode2session' && req.method === 'GET') {
      const q = url.searchParams
      if (q.get('appid') !== this.appid) return err(40013, 'invalid appid')
      if (q.get('secret') !== this.secret) return err(40125, 'invalid appsecret')
      if (q.get('grant_type') !== 'authorization_code') return err(40002, 'invalid grant_type')
      const user = this.loginCodes.get(q.get('js_code') ?? '')
      if (!user) return err(40029, 'invalid code')
      this.loginCodes.delete(q.get('js_code')!)
      return send({ openid: user.openid, session_key: randomBytes(16).toString('base64'), ...(user.unionid ? { unionid: user.unionid } : {}) })
    }
    if (url.pathname === '/cgi-bin/stable_token' && req.method === 'POST') {
      if (body?.grant_type !== 'client_credential') return err(40002, 'invalid grant_type')
      if (body?.appid !== this.appid) return err(40013, 'invalid appid')
      if (body?.secret !== this.secret) return err(40125, 'invalid appsecret')
      const token = `at_${randomBytes(12).toString('hex')}`
      this.tokens.add(token)
      return send({ access_token: token, expires_in: 7200 })
    }
    if (url.pathname === '/wxa/business/getuserphonenumber' && req.method === 'POST') {
      if (!this.tokens.has(url.searchParams.get('access_token') ?? '')) return err(40001, 'invalid credential, access_token is invalid or not latest')
      const phone = this.phoneCodes.get(body?.code ?? '')
      if (!phone) return err(40029, 'invalid code')
      this.phoneCodes.delete(body.code)
      return send({
        errcode: 0,
        errmsg: 'ok',
        phone_info: {
          phoneNumber: phone.countryCode === '86' ? phone.purePhoneNumber : `+${phone.countryCode}${phone.purePhoneNumber}`,
          purePhoneNumber: phone.purePhoneNumber,
          countryCode: phone.countryCode,
          watermark: { timestamp: Math.floor(Date.now() / 1000), appid: this.appid },
        },
      })
    }
    if (url.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST') {
      if (!this.tokens.has(url.searchParams.get('access_token') ?? '')) return err(40001, 'invalid credential, access_token is invalid or not latest')
      this.received.push(String(body?.touser))
      if (this.sendDelayMs) await new Promise((r) => setTimeout(r, this.sendDelayMs))
      const injected = this.failNext.shift()
      if (injected !== undefined) return err(injected, injected === -1 ? 'system error' : 'injected')
      if (typeof body?.touser !== 'string' || typeof body?.template_id !== 'string' || typeof body?.data !== 'object') return err(47001, 'data format error')
      for (const [key, v] of Object.entries(body.data as Record<string, { value: unknown }>)) {
        if (!FakeWechat.valueOk(key, v?.value)) return err(47003, `argument invalid! data.${key}.value invalid`)
      }
      if (this.noGrant.has(body.touser)) return err(43101, 'user refuse to accept the msg')
      this.sent.push(body)
      return send({ errcode: 0, errmsg: 'ok' })
    }
    res.writeHead(404, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ errcode: 404, errmsg: 'not found' }))
  }
}
