import { useSyncExternalStore } from 'react'
import { getSession, subscribeSession, type Session } from '../stores/session'

/** The current session (null when logged out); re-renders on login and logout. */
export function useSession(): Session | null {
  return useSyncExternalStore(subscribeSession, getSession, getSession)
}
