import { describe, expect, it } from 'vitest'
import { presentDemoAccount, presentPasswordLogin, presentSession, presentUserSummary } from './auth.presenter.ts'
import { DemoAccount, PasswordLoginView, TokenPair } from './auth.schema.ts'

describe('presentUserSummary', () => {
  it.each([
    [['resident'], false],
    [['resident', 'grid_worker'], true],
    [['auditor'], true],
    [[], false],
  ])('roles %j: isStaff %s', (roles, isStaff) => {
    expect(presentUserSummary({ id: 3, displayName: '王芳', roles: roles.map((role) => ({ role })) }).isStaff).toBe(isStaff)
  })

  it('lists a role granted in several scopes once', () => {
    const roles = [{ role: 'grid_worker' }, { role: 'grid_worker' }, { role: 'resident' }]
    expect(presentUserSummary({ id: 3, displayName: '王芳', roles }).roles).toEqual(['grid_worker', 'resident'])
  })
})

describe('presentSession', () => {
  // What the services load: the row carries more than a login answer may show.
  const user = { id: 5, displayName: '李雷', roles: [{ role: 'committee' }], status: 'active', sessionVersion: 4, passwordHash: '$argon2id$…' }
  const session = { accessToken: 'a.b.c', refreshToken: 'r1', expiresIn: 900, user }

  it('shows the tokens and the user summary, none of the row beyond it', () => {
    const view = presentSession(session)
    expect(view).toEqual({ accessToken: 'a.b.c', refreshToken: 'r1', expiresIn: 900, user: { id: 5, displayName: '李雷', roles: ['committee'], isStaff: true, policies: expect.objectContaining({ composeNotices: true, patrol: false }) } })
    expect(JSON.stringify(view)).not.toContain('argon2')
    expect(TokenPair.strict().safeParse(view).success).toBe(true)
  })

  it('adds the device token to a password login', () => {
    const view = presentPasswordLogin({ ...session, deviceToken: 'dev-1' })
    expect(view.deviceToken).toBe('dev-1')
    expect(PasswordLoginView.strict().safeParse(view).success).toBe(true)
  })
})

describe('presentDemoAccount', () => {
  it('names the account and its distinct roles', () => {
    const view = presentDemoAccount({ username: 'resident1', displayName: '居民一', roles: [{ role: 'resident' }, { role: 'resident' }] })
    expect(view).toEqual({ username: 'resident1', displayName: '居民一', roles: ['resident'], isStaff: false })
    expect(DemoAccount.strict().safeParse(view).success).toBe(true)
  })

  it('marks a staff account', () => {
    expect(presentDemoAccount({ username: 'grid1', displayName: '网格员一', roles: [{ role: 'grid_worker' }] }).isStaff).toBe(true)
  })
})
