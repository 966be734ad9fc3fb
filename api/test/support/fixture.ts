import { afterAll, beforeAll } from 'vitest'
import { Client } from './client.ts'
import { startTestServer, type TestServer } from './server.ts'

/**
 * Builds a fixture around a test server before the enclosing suite's tests (`beforeAll`) and closes
 * that server after them (`afterAll`), then runs `after` (stopping the fakes the server talked to).
 * The returned object reads the built fixture's fields; reading one before `beforeAll` has run
 * throws instead of handing out `undefined`.
 */
export function useFixture<T extends { srv: TestServer }>(start: () => Promise<T>, after?: () => Promise<unknown>): T {
  let built: T | undefined
  beforeAll(async () => {
    built = await start()
  })
  afterAll(async () => {
    await built?.srv.close()
    await after?.()
  })
  return new Proxy({} as T, {
    get(_, key) {
      if (!built) throw new Error(`test fixture read before beforeAll ran (${String(key)})`)
      return built[key as keyof T]
    },
  })
}

type ServerOptions = Parameters<typeof startTestServer>[0]

/**
 * A test server and an anonymous client on it, for the enclosing suite. `opts` are
 * `startTestServer`'s, or a function giving them once something they name has started (a fake).
 */
export function useTestServer(opts: ServerOptions | (() => Promise<ServerOptions>) = {}) {
  return useFixture(async () => {
    const srv = await startTestServer(typeof opts === 'function' ? await opts() : opts)
    return { srv, api: new Client(srv.baseUrl) }
  })
}
