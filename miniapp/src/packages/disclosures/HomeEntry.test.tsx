import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it } from 'vitest'
import { page } from '../../../test/fixtures/notices'
import { api, byId, route, signIn } from '../../../test/support'
import HomePage from '../../pages/index'

beforeEach(() => signIn())

describe('首页 → 三务公开', () => {
  it('offers 三务公开 to a signed-in resident and opens the list', async () => {
    api((c) => (route(c).startsWith('/messages/unread-count') ? { statusCode: 200, data: { data: { count: 0 } } } : page([])))
    render(<HomePage />)
    expect(await screen.findByText('党务、居务、财务公开，收支明细和居民问答')).toBeTruthy()
    fireEvent.click(byId('disclosures-entry'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/disclosures/list/index' })
  })
})
