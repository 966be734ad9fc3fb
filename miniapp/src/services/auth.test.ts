import Taro from '@tarojs/taro'
import { describe, expect, it } from 'vitest'
import { api, route } from '../../test/support'
import { getSession } from '../stores/session'
import { deviceTokenFor, loginWithPassword, logout, rememberDeviceToken } from './auth'

const user = { id: 3, displayName: '社区一', roles: ['committee'], isStaff: true }
const pair = (deviceToken?: string) => ({ accessToken: 'a-1', refreshToken: 'r-1-xxxxxxxxxxxxxxxxxxxxx', expiresIn: 900, user, ...(deviceToken ? { deviceToken } : {}) })

describe('password login and device tokens', () => {
  it('sends no device token the first time, keeps the one returned, and sends it with the next login of that username', async () => {
    let n = 0
    const calls = api((c) => (route(c) === '/auth/logout' ? { statusCode: 204, data: '' } : { statusCode: 200, data: { data: pair(`dev-${++n}`) } }))
    await loginWithPassword('Committee1', 'pw-1')
    expect(calls[0].data).toEqual({ username: 'Committee1', password: 'pw-1' })
    expect(getSession()?.accessToken).toBe('a-1')
    expect(deviceTokenFor('committee1')).toBe('dev-1')

    await logout() // logout forgets the session, not the device
    expect(deviceTokenFor('COMMITTEE1')).toBe('dev-1')
    await loginWithPassword('committee1', 'pw-1')
    const logins = calls.filter((c) => route(c) === '/auth/password')
    expect(logins[1].data).toEqual({ username: 'committee1', password: 'pw-1', deviceToken: 'dev-1' })
    expect(deviceTokenFor('committee1')).toBe('dev-2')
  })

  it('never sends one username\'s device token with another username', async () => {
    rememberDeviceToken('street1', 'dev-street')
    const calls = api(() => ({ statusCode: 200, data: { data: pair() } }))
    await loginWithPassword('committee1', 'pw')
    expect(calls[0].data).toEqual({ username: 'committee1', password: 'pw' })
    expect(deviceTokenFor('street1')).toBe('dev-street')
  })

  it('keeps at most five usernames, dropping the oldest', () => {
    for (let i = 1; i <= 6; i++) rememberDeviceToken(`user${i}`, `dev-${i}`)
    expect(deviceTokenFor('user1')).toBeUndefined()
    expect(deviceTokenFor('user6')).toBe('dev-6')
    expect(Taro.getStorageSync('llt.deviceTokens')).toHaveLength(5)
  })

  it('ignores whatever else storage holds under the key', async () => {
    Taro.setStorageSync('llt.deviceTokens', 'garbage')
    expect(deviceTokenFor('committee1')).toBeUndefined()
    rememberDeviceToken('committee1', 'dev-1')
    expect(deviceTokenFor('committee1')).toBe('dev-1')
  })
})
