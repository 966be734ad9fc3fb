import { clearSession, getSession, saveSession, type Session } from '../stores/session'
import { request } from './request'
import type { AuthOptionsDto, DemoAccountDto, TokenPairDto } from './types'

/** Which login methods the server offers (the demo picker only where dev login is allowed). */
export function getAuthOptions() {
  return request<AuthOptionsDto>('/auth/options', { auth: false })
}

/** Demo accounts for the picker (dev/demo servers only). */
export function listDemoAccounts() {
  return request<DemoAccountDto[]>('/auth/dev/accounts', { auth: false })
}

/** WeChat login: a `wx.login` code for our own token pair. */
export async function loginWithWechat(code: string): Promise<Session> {
  return saveSession(await request<TokenPairDto>('/auth/wechat', { method: 'POST', body: { code }, auth: false }))
}

/** Demo login as one of the seeded accounts. */
export async function loginAsDemo(username: string): Promise<Session> {
  return saveSession(await request<TokenPairDto>('/auth/dev', { method: 'POST', body: { username }, auth: false }))
}

/** Staff login with username and password. */
export async function loginWithPassword(username: string, password: string): Promise<Session> {
  return saveSession(await request<TokenPairDto>('/auth/password', { method: 'POST', body: { username, password }, auth: false }))
}

/** Ends the session on the server (best effort) and forgets it here. */
export async function logout(): Promise<void> {
  const session = getSession()
  clearSession()
  if (!session) return
  try {
    await request('/auth/logout', { method: 'POST', body: { refreshToken: session.refreshToken }, auth: false })
  } catch {
    // The tokens are already gone locally; the refresh token expires on its own.
  }
}
