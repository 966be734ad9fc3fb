import Taro from '@tarojs/taro'
import { clearSession, getSession, saveSession, type Session } from '../stores/session'
import { request } from './request'
import type { AuthOptionsDto, DemoAccountDto, PasswordLoginDto, TokenPairDto } from './types'

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

const DEVICE_KEY = 'llt.deviceTokens'
const MAX_DEVICE_TOKENS = 5
type DeviceToken = { username: string; token: string }

function storedDeviceTokens(): DeviceToken[] {
  const raw = Taro.getStorageSync(DEVICE_KEY) as unknown
  return Array.isArray(raw) ? raw.filter((d): d is DeviceToken => typeof d?.username === 'string' && typeof d?.token === 'string') : []
}

/** The device token this phone or browser got at its last password login as `username`. */
export function deviceTokenFor(username: string): string | undefined {
  const name = username.trim().toLowerCase()
  return storedDeviceTokens().find((d) => d.username === name)?.token
}

/**
 * Keeps a login's device token per username (newest first, at most five), in its own key: logout
 * leaves it, so the next password login proves a known device that strangers' failed guesses for
 * the same account never slow down.
 */
export function rememberDeviceToken(username: string, token: string): void {
  const name = username.trim().toLowerCase()
  const rest = storedDeviceTokens().filter((d) => d.username !== name)
  Taro.setStorageSync(DEVICE_KEY, [{ username: name, token }, ...rest].slice(0, MAX_DEVICE_TOKENS))
}

/** Staff login with username and password, from a known device when this one has logged in before. */
export async function loginWithPassword(username: string, password: string): Promise<Session> {
  const deviceToken = deviceTokenFor(username)
  const body = deviceToken ? { username, password, deviceToken } : { username, password }
  const pair = await request<PasswordLoginDto>('/auth/password', { method: 'POST', body, auth: false })
  if (pair.deviceToken) rememberDeviceToken(username, pair.deviceToken)
  return saveSession(pair)
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
