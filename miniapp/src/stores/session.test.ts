import Taro from '@tarojs/taro'
import { describe, expect, it } from 'vitest'
import { policies } from '../../test/support'
import { getSession } from './session'

describe('the stored session', () => {
  it('keeps the policies its login carried', () => {
    const user = { id: 3, displayName: '社区一', roles: ['committee'], isStaff: true, policies: policies('workbench', 'composeNotices') }
    Taro.setStorageSync('llt.session', { accessToken: 'a', refreshToken: 'r', user })
    expect(getSession()?.user.policies).toEqual(policies('workbench', 'composeNotices'))
  })

  it('offers nothing for a session stored before logins carried policies, and keeps it signed in', () => {
    Taro.setStorageSync('llt.session', { accessToken: 'a', refreshToken: 'r', user: { id: 3, displayName: '社区一', roles: ['committee'], isStaff: true } })
    const s = getSession()
    expect(s?.accessToken).toBe('a')
    expect(s?.user.policies).toEqual(policies())
  })
})
