import { describe, expect, it } from 'vitest'
import { presentAuditLog } from './audit.presenter.ts'
import { AuditView } from './audit.schema.ts'

describe('presentAuditLog', () => {
  const row = {
    id: 9007199254740993n, at: new Date('2026-03-02T01:02:03.000Z'), actorId: 4, actorRole: 'admin', action: 'user.roles',
    resourceType: 'user', resourceId: '17', result: 'ok', ip: '10.0.0.8', requestId: 'req-1', details: { added: ['grid_worker'] },
  }

  it('keeps the 64-bit id exact, the time as ISO and the details as stored', () => {
    const view = presentAuditLog(row)
    expect(view).toEqual({ ...row, id: '9007199254740993', at: '2026-03-02T01:02:03.000Z' })
    expect(AuditView.strict().safeParse(view).success).toBe(true)
  })

  it('carries an anonymous failed attempt (no actor, no resource) as nulls', () => {
    const view = presentAuditLog({ ...row, actorId: null, actorRole: null, resourceType: null, resourceId: null, result: 'denied', details: null })
    expect(view).toMatchObject({ actorId: null, actorRole: null, resourceType: null, resourceId: null, result: 'denied', details: null })
    expect(AuditView.strict().safeParse(view).success).toBe(true)
  })
})
