import Taro from '@tarojs/taro'
import type { TokenPairDto, UserSummaryDto } from '../services/types'

/** What we keep of a login: the token pair and who it belongs to. */
export type Session = { accessToken: string; refreshToken: string; user: UserSummaryDto }

const KEY = 'llt.session'
type Listener = (s: Session | null) => void
const listeners = new Set<Listener>()
let cached: Session | null | undefined

/** The stored session, or null when logged out. */
export function getSession(): Session | null {
  if (cached === undefined) {
    const raw = Taro.getStorageSync(KEY) as Session | '' | undefined
    cached = raw && typeof raw === 'object' && raw.accessToken ? raw : null
  }
  return cached
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
