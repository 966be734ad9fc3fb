import Taro from '@tarojs/taro'
import { vi } from 'vitest'
import { NO_POLICIES, saveSession, type UserPolicies } from '../src/stores/session'

export type Call = { url: string; method: string; data: unknown; header: Record<string, string> }
export type Reply = { statusCode: number; data: unknown }
type Handler = (call: Call) => Reply | Promise<Reply>

/** Answers every Taro.request with `handler` (which may answer later); returns the calls made. */
export function api(handler: Handler): Call[] {
  const calls: Call[] = []
  vi.mocked(Taro.request).mockImplementation((async (o: Call) => {
    calls.push(o)
    return { header: {}, ...(await handler(o)) }
  }) as never)
  return calls
}

/** A reply the test hands out later, to look at the page while the request is in flight. */
export function deferred() {
  let resolve!: (r: Reply) => void
  const promise = new Promise<Reply>((r) => (resolve = r))
  return { promise, resolve }
}

/** The `policies` an API answer carries, with only the named ones allowed. */
export function policies(...allowed: (keyof UserPolicies)[]): UserPolicies {
  return { ...NO_POLICIES, ...Object.fromEntries(allowed.map((k) => [k, true])) }
}

/** Logs in a test user, with the policies their login would carry where the test reads them. */
export function signIn(roles: string[] = ['resident'], id = 7, allowed: (keyof UserPolicies)[] = []) {
  saveSession({
    accessToken: 'access-1', refreshToken: 'refresh-1-xxxxxxxxxxxxxxxx', expiresIn: 900,
    user: { id, displayName: '测试用户', roles, isStaff: roles.some((r) => r !== 'resident'), policies: policies(...allowed) },
  })
}

/** The element with this id (pages address items by id). */
export function byId(id: string): HTMLElement {
  const el = document.getElementById(id)
  if (!el) throw new Error(`#${id} not rendered`)
  return el
}

/** Path and query of a request URL, without the origin and /api/v1. */
export const route = (c: Call) => c.url.replace(/^.*\/api\/v1/, '')

/**
 * The text of everything put into `root` while `act` runs, even if React took it out again
 * before `act` returned (in a browser such an in-between render may well be painted).
 */
export async function addedDuring(root: Element, act: () => unknown): Promise<string[]> {
  const texts: string[] = []
  const keep = (records: MutationRecord[]) => {
    for (const r of records) {
      if (r.type === 'characterData') texts.push(r.target.textContent ?? '')
      r.addedNodes.forEach((n) => texts.push(n.textContent ?? ''))
    }
  }
  const observer = new MutationObserver(keep)
  observer.observe(root, { childList: true, subtree: true, characterData: true })
  try {
    await act()
  } finally {
    keep(observer.takeRecords())
    observer.disconnect()
  }
  return texts
}
