import { z } from 'zod'
import { isDevLoginAllowed, type Config } from '../../config.ts'
import { requestOrigin } from '../../http/context.ts'
import { ApiRoutes } from '../../http/route.ts'
import { presentDemoAccount, presentPasswordLogin, presentSession } from './auth.presenter.ts'
import {
  AuthOptions, ChangePasswordBody, DemoAccount, DevLoginBody, PasswordLoginBody, PasswordLoginView, RefreshBody, TokenPair, WechatLoginBody,
} from './auth.schema.ts'
import { changePassword, listDemoAccounts, loginDev, loginWithPassword, loginWithWechat } from './auth.service.ts'
import { refreshSession, revokeSession } from './session.service.ts'

const tags = ['认证 auth']

/** Login, token refresh and logout. */
export function authRoutes(config: Config) {
  const r = new ApiRoutes('/api/v1')
  const LOGIN_LIMIT = { windowSeconds: 60, max: config.loginRateLimitPerMinute }

  r.get('/auth/options', { summary: '可用的登录方式', tags, auth: 'none', response: AuthOptions }, async (ctx) => ({
    data: { devLogin: isDevLoginAllowed(ctx.deps.config), wechat: ctx.deps.wechat.isConfigured, password: true },
  }))

  r.post('/auth/wechat', { summary: '微信登录 (wx.login code)', tags, auth: 'none', body: WechatLoginBody, response: TokenPair, rateLimit: { ...LOGIN_LIMIT, audit: 'auth.wechat' } },
    async (ctx, { body }) => ({ data: presentSession(await loginWithWechat(ctx.deps, body.code, requestOrigin(ctx))) }))

  r.post('/auth/dev', { summary: '演示账号登录（仅开发/演示环境）', tags, auth: 'none', body: DevLoginBody, response: TokenPair, rateLimit: { ...LOGIN_LIMIT, audit: 'auth.dev' } },
    async (ctx, { body }) => ({ data: presentSession(await loginDev(ctx.deps, body.username, requestOrigin(ctx))) }))

  r.get('/auth/dev/accounts', { summary: '演示账号列表（仅开发/演示环境）', tags, auth: 'none', response: z.array(DemoAccount) },
    async (ctx) => ({ data: (await listDemoAccounts(ctx.deps)).map(presentDemoAccount) }))

  r.post('/auth/password', {
    summary: '工作人员账号密码登录',
    description: '未知账号与真实账号的回答相同；失败过多时按账号与来源地址逐次延长等待（429 + Retry-After），不会锁死账号；带上本设备此前登录得到的 deviceToken 时按设备单独计数。',
    tags, auth: 'none', body: PasswordLoginBody, response: PasswordLoginView, rateLimit: { ...LOGIN_LIMIT, audit: 'auth.password' },
  }, async (ctx, { body }) => ({ data: presentPasswordLogin(await loginWithPassword(ctx.deps, body, requestOrigin(ctx))) }))

  r.put('/me/password', { summary: '修改登录密码（其他设备上的登录随之退出）', tags, body: ChangePasswordBody, response: TokenPair },
    async (ctx, { actor, body }) => ({ data: presentSession(await changePassword(ctx.deps, actor, body, requestOrigin(ctx))) }))

  r.post('/auth/refresh', { summary: '刷新登录（轮换 refresh token）', tags, auth: 'none', body: RefreshBody, response: TokenPair, rateLimit: { windowSeconds: 60, max: config.loginRateLimitPerMinute * 4, audit: 'auth.refresh' } },
    async (ctx, { body }) => ({ data: presentSession(await refreshSession(ctx.deps, body.refreshToken, requestOrigin(ctx))) }))

  r.post('/auth/logout', { summary: '退出登录（作废该 refresh token 所在的整组，并使已签发的 access token 失效）', tags, auth: 'none', body: RefreshBody },
    async (ctx, { body }) => {
      await revokeSession(ctx.deps, body.refreshToken, requestOrigin(ctx))
      return undefined
    })

  return r
}
