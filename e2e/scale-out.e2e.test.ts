import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_INSTANCES, Portal } from './support/portal.ts'

const portal = new Portal()
const { $, visible, loginAs, problems } = portal

// Every journey runs against API_INSTANCES processes behind a round-robin proxy: this one shows
// that a browser session really is served by all of them, and stays logged in across them.
describe('the H5 portal on two API processes', () => {
  beforeAll(async () => {
    await portal.start()
  })
  afterAll(async () => portal.close())

  it('a resident logs in and reads the notices, answered by every process in turn', async () => {
    expect(API_INSTANCES).toBe(2)
    await loginAs('resident1')
    await portal.open('/packages/notices/list/index')
    await visible($('#notice-list .notice-item').first())
    await portal.page.reload()
    await visible($('#notice-list .notice-item').first())
    const pids = portal.server.cluster!.processes.map((p) => String(p.pid))
    expect([...portal.instancesSeen].sort()).toEqual([...pids].sort())
    expect(problems).toEqual([])
  })
})
