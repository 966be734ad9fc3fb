import Taro from '@tarojs/taro'
import type { TokenPairDto, UserSummaryDto } from '../services/types'

/** What we keep of a login: the token pair and who it belongs to. */
export type Session = { accessToken: string; refreshToken: string; user: UserSummaryDto }

/** What the API says the mini-program offers this user (工作台 entries and page gates), by name. */
export type UserPolicies = UserSummaryDto['policies']

/** Nothing offered: the policies of a session stored before logins carried them, until its next renewal. */
export const NO_POLICIES: UserPolicies = {
  workbench: false, fileReport: false, reportInbox: false, patrol: false, visits: false, ownFigures: false, gridRanking: false,
  leaves: false, registerLeave: false, bookingDesk: false, elections: false, disclosures: false, consultations: false,
  composeNotices: false, identityReviews: false,
}

const KEY = 'llt.session'
type Listener = (s: Session | null) => void
const listeners = new Set<Listener>()
let cached: Session | null | undefined

function readStored(): Session | null {
  const raw = Taro.getStorageSync(KEY) as Session | '' | undefined
  if (!(raw && typeof raw === 'object' && raw.accessToken && raw.refreshToken)) return null
  return raw.user.policies ? raw : { ...raw, user: { ...raw.user, policies: NO_POLICIES } }
}

/** The stored session, or null when logged out. */
export function getSession(): Session | null {
  if (cached === undefined) cached = readStored()
  return cached
}

/**
 * Reads the session from storage again, bypassing the in-memory copy: another H5 tab (they share
 * localStorage) may have renewed it or logged out. Listeners hear of a change.
 */
export function reloadSession(): Session | null {
  const stored = readStored()
  const before = cached
  cached = stored
  if (before?.accessToken !== stored?.accessToken || before?.refreshToken !== stored?.refreshToken) listeners.forEach((l) => l(stored))
  return stored
}

/** Stores a fresh token pair (login or refresh). */
export function saveSession(pair: TokenPairDto): Session {
  const s: Session = { accessToken: pair.accessToken, refreshToken: pair.refreshToken, user: pair.user }
  cached = s
  Taro.setStorageSync(KEY, s)
  listeners.forEach((l) => l(s))
  return s
}

/** Forgets the session (logout, or a refresh that failed). */
export function clearSession(): void {
  cached = null
  Taro.removeStorageSync(KEY)
  listeners.forEach((l) => l(null))
}

/** Calls `listener` whenever the session changes; returns the unsubscribe function. */
export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Test hook: drop the in-memory copy so the next read goes to storage. */
export function resetSessionCache(): void {
  cached = undefined
}

// H5: another tab of the portal logged in, renewed or logged out; follow it here too.
if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') {
  window.addEventListener('storage', (e) => {
    if (e.key === KEY || e.key === null) reloadSession()
  })
}
