import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it } from 'vitest'
import { api, byId, policies, signIn } from '../../../test/support'
import type { MeDto } from '../../services/types'
import MinePage from './index'

function me(over: Partial<MeDto['profile']> = {}, isStaff = false): MeDto {
  return {
    user: { id: 7, username: 'resident5', displayName: '陈海峰', roles: [{ role: isStaff ? 'committee' : 'resident', scopeType: 'none', scopeId: null, scopeName: null }], isStaff },
    scope: { streetIds: [], communityIds: [], gridIds: [], departmentIds: [], gridCommunityIds: [], byRole: {} },
    grids: [],
    profile: {
      realName: '陈海峰', idNumber: '320102********062X', phone: '139****1005', gender: 'male', age: 61, isVerified: false,
      identityStatus: 'review', phoneSource: 'form', consent: { granted: true, policyVersion: '2026-01', grantedAt: '2026-01-01T00:00:00.000Z' }, ...over,
    },
    households: [],
    policies: isStaff ? policies('workbench') : policies('fileReport'),
  }
}

describe('我的', () => {
  it('marks an ID number waiting for 社区 as 待核实, and opens 个人信息', async () => {
    signIn()
    api(() => ({ statusCode: 200, data: { data: me() } }))
    render(<MinePage />)
    await waitFor(() => expect(byId('profile-card').querySelector('.tag')?.textContent).toBe('待核实'))
    expect(byId('identity-review-note').textContent).toContain('需要社区工作人员核实')
    expect(document.getElementById('open-password')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: '个人信息' }))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/profile/info/index' })
  })

  it('offers staff 修改密码', async () => {
    signIn(['committee'])
    api(() => ({ statusCode: 200, data: { data: me({ identityStatus: 'verified', isVerified: true }, true) } }))
    render(<MinePage />)
    fireEvent.click(await screen.findByRole('button', { name: '修改密码' }))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/profile/password/index' })
    expect(byId('profile-card').querySelector('.tag')?.textContent).toBe('已登记')
  })
})
