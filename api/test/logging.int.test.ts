import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../src/core/logger.ts'
import { signAccessToken } from '../src/core/tokens.ts'
import { startServer, type RunningServer } from '../src/server.ts'
import { Client } from './support/client.ts'
import { createResident, freshIdNumber } from './support/factories.ts'
import { startTestServer, type TestServer } from './support/server.ts'

/** A pino destination that keeps every line. */
const sink = () => {
  const lines: string[] = []
  return { lines, write: (s: string) => void lines.push(s), parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) }
}

describe('structured logs (pino) without personal data', () => {
  let srv: TestServer
  let logged: RunningServer
  const out = sink()

  beforeAll(async () => {
    srv = await startTestServer({ seed: 'none' })
    logged = await startServer(srv.config, { now: srv.clock.now, log: createLogger('info', out) })
  })
  afterAll(async () => {
    await logged.close()
    await srv.close()
  })

  it('one JSON line per API request with id, method, path, status, duration and user, and no name, ID number, phone or token', async () => {
    const user = await createResident(srv.deps.db, srv.deps.cipher, 'log_resident')
    const token = signAccessToken(srv.config, user.id, user.sessionVersion)
    const me = new Client(logged.url, token)
    const idNumber = freshIdNumber()
    const r = await me.put('/api/v1/me/profile', { realName: '欧阳秀英', idNumber, phone: '13987654321', consent: true })
    expect(r.status).toBe(200)
    expect((await me.get('/api/v1/me?phone=13987654321')).status).toBe(200)
    const bad = await me.put('/api/v1/me/profile', { realName: '欧阳秀英', idNumber: '110105199001011234', phone: '13987654321', consent: true })
    expect(bad.status).toBe(400)

    const requests = out.parsed().filter((l) => l.msg === 'request')
    expect(requests).toContainEqual(expect.objectContaining({
      level: 'info', method: 'PUT', path: '/api/v1/me/profile', status: 200, userId: user.id, requestId: r.headers.get('x-request-id'),
    }))
    expect(requests).toContainEqual(expect.objectContaining({ method: 'PUT', path: '/api/v1/me/profile', status: 400 }))
    expect(requests).toContainEqual(expect.objectContaining({ method: 'GET', path: '/api/v1/me', status: 200 }))
    expect(requests.every((l) => typeof l.ms === 'number' && typeof l.time === 'string')).toBe(true)
    const text = out.lines.join('\n')
    for (const secret of ['欧阳秀英', idNumber, '110105199001011234', '13987654321', token]) expect(text).not.toContain(secret)
  })

  it('censors personal-data fields even if a call site passes them', () => {
    const local = sink()
    const log = createLogger('info', local)
    log.warn('oops', { idNumber: '110105199001011237', user: { phone: '13912345678', realName: '王芳' }, count: 2 })
    expect(local.parsed()[0]).toMatchObject({ level: 'warn', msg: 'oops', idNumber: '[REDACTED]', user: { phone: '[REDACTED]', realName: '[REDACTED]' }, count: 2 })
  })

  it('writes stdout asynchronously yet loses no line when the process exits right after logging', () => {
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support/log-burst.ts')
    const out = spawnSync(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, LOG_BURST: '5000' }, encoding: 'utf8', maxBuffer: 64 << 20 })
    expect(out.status).toBe(0)
    const lines = out.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string; i: number })
    expect(lines.length).toBe(5000)
    expect(lines.map((l) => l.i)).toEqual(Array.from({ length: 5000 }, (_, i) => i))
  })

  it('is silent below its level', () => {
    const local = sink()
    const log = createLogger('warn', local)
    log.info('hidden')
    log.error('shown')
    expect(local.parsed().map((l) => l.msg)).toEqual(['shown'])
  })
})
