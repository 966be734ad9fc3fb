import { describe, expect, it } from 'vitest'
import { testActor as actor } from '../../../test/support/actors.ts'
import { presentAccount } from './user.presenter.ts'

const row = (id: number, status: string) => ({ id, username: `u${id}`, displayName: '张三', status })

describe('presentAccount', () => {
  it.each([
    ['an admin, an active account', actor(1, ['admin']), row(5, 'active'), { disable: true, enable: false }],
    ['an admin, a disabled account', actor(1, ['admin']), row(5, 'disabled'), { disable: false, enable: true }],
    ['an admin, their own account', actor(1, ['admin']), row(1, 'active'), { disable: false, enable: false }],
    ['a committee member', actor(2, ['committee']), row(5, 'active'), { disable: false, enable: false }],
  ])('%s: %j', (_, who, account, policies) => {
    expect(presentAccount(account, who)).toEqual({ id: account.id, username: account.username, displayName: '张三', status: account.status, policies })
  })
})
