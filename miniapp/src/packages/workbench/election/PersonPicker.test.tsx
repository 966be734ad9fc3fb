import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { api, byId, route, signIn } from '../../../../test/support'
import type { ElectionPersonDto } from '../../../services/elections'
import { electionDetail, fail, ok, openElectionPage, posts, serve, type } from './electionFixtures'
import PersonPicker from './PersonPicker'

const CLOSED_ROLL = '2026-12-05T10:00:00.000Z'
const person = (userId: number, over: Partial<ElectionPersonDto> = {}): ElectionPersonDto =>
  ({ userId, name: `居民${userId}`, houseLabel: '3栋2单元101', voterId: null, onRoll: false, candidate: false, ...over })

beforeEach(() => signIn(['committee']))

describe('PersonPicker', () => {
  it('searches by name or house, shows each person with 已在名单 / 候选人, and a tap picks the user id', async () => {
    const calls = api(() => ok([person(88, { name: '王芳', onRoll: true, voterId: 51 }), person(89, { name: '王芳芳', houseLabel: '5栋101', onRoll: true, candidate: true }), person(90)]))
    const onChange = vi.fn()
    render(<PersonPicker electionId={1} id='who' label='补登的居民' onChange={onChange} />)
    fireEvent.click(byId('who-search'))
    expect(byId('who').textContent).toContain('请先输入姓名或门牌号')
    expect(calls).toHaveLength(0)

    type('who', ' 王芳 ')
    expect(onChange).toHaveBeenLastCalledWith(undefined)
    fireEvent.click(byId('who-search'))
    await screen.findByText('王芳芳')
    expect(route(calls[0]!)).toBe(`/elections/1/people?q=${encodeURIComponent('王芳')}`)
    expect(calls[0]!.method).toBe('GET')
    expect(byId('who-person-88').textContent).toContain('已在名单')
    expect(byId('who-person-88').textContent).not.toContain('候选人')
    expect(byId('who-person-89').textContent).toContain('5栋101')
    expect(within(byId('who-person-89')).getByText('候选人').className).toContain('tag')
    expect(byId('who-person-90').textContent).not.toContain('已在名单')

    fireEvent.click(byId('who-person-89'))
    expect(onChange).toHaveBeenLastCalledWith(89)
    expect(byId('who-picked').textContent).toBe('已选：王芳芳（5栋101）')
    expect(document.getElementById('who-results')).toBeNull()
    // Typing again forgets the pick; a bare number still counts as a user number.
    type('who', '120')
    expect(onChange).toHaveBeenLastCalledWith(120)
    expect(document.getElementById('who-picked')).toBeNull()
  })

  it('says plainly when nobody is found, and shows the API’s refusal', async () => {
    let reply = ok([])
    api(() => reply)
    render(<PersonPicker electionId={1} id='who' label='补登的居民' onChange={() => undefined} />)
    type('who', '不存在')
    fireEvent.click(byId('who-search'))
    await waitFor(() => expect(byId('who-none').textContent).toContain('没有找到这位居民'))
    reply = fail(403, 'FORBIDDEN', '只有本社区的工作人员可以查找居民')
    fireEvent.click(byId('who-search'))
    await waitFor(() => expect(byId('who').textContent).toContain('只有本社区的工作人员可以查找居民'))
    expect(document.getElementById('who-none')).toBeNull()
  })
})

describe('提名 with the picker', () => {
  it('finds the resident by name and posts the picked userId', async () => {
    const calls = serve(() => electionDetail({ phase: 'nomination', phaseLabel: '报名', rollClosedAt: CLOSED_ROLL }, { nominate: true }), undefined,
      { people: () => [person(77, { name: '赵强', houseLabel: '7栋301', onRoll: true, voterId: 55 })] })
    openElectionPage()
    await waitFor(() => byId('candidate-nominate'))
    fireEvent.click(byId('candidate-nominate'))
    type('nominate-user', '赵')
    fireEvent.click(byId('nominate-submit'))
    expect(within(byId('nominate-user')).getByText('请查找并点选被提名的居民（也可填用户编号）')).toBeTruthy()
    expect(posts(calls)).toHaveLength(0)
    fireEvent.click(byId('nominate-user-search'))
    await waitFor(() => byId('nominate-user-person-77'))
    expect(calls.map(route)).toContain(`/elections/1/people?q=${encodeURIComponent('赵')}`)
    fireEvent.click(byId('nominate-user-person-77'))
    fireEvent.click(byId('nominate-contest-12'))
    fireEvent.click(byId('nominate-submit'))
    await waitFor(() => expect(posts(calls)).toHaveLength(1))
    expect(route(posts(calls)[0]!)).toBe('/elections/1/candidates')
    expect(posts(calls)[0]!.data).toEqual({ contestId: 12, statement: '', userId: 77 })
  })
})
