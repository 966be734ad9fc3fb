import { fireEvent, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it, vi } from 'vitest'
import { byId, route } from '../../../../test/support'
import { candidate, electionDetail, fail, objection, ok, openElectionPage as open, posts, round, roundResult, serve, type } from './electionFixtures'

describe('管理选举: what is offered', () => {
  it('offers nothing allowedActions do not allow', async () => {
    serve(() => electionDetail({ phase: 'nomination', phaseLabel: '报名', rollClosedAt: '2026-11-28T02:00:00Z' }))
    open()
    await waitFor(() => byId('roll-section'))
    for (const id of ['open-next', 'close-phase', 'roll-build', 'roll-close', 'voter-remove-51', 'candidate-nominate', 'scrutineer-add', 'publish', 'election-edit']) {
      expect(document.getElementById(id), id).toBeNull()
    }
    expect(byId('election-phase').textContent).toBe('报名')
  })

  it('offers the roll, the next phase, scrutineers and the draft’s editor when allowed', async () => {
    serve(() => electionDetail({ phase: 'registration', phaseLabel: '选民登记', nextPhase: 'nomination' }, { manageRoll: true, openNext: true, manageScrutineers: true }))
    open()
    await waitFor(() => byId('voter-remove-51'))
    for (const id of ['open-next', 'roll-build', 'roll-close', 'voter-add', 'scrutineer-add']) expect(byId(id), id).toBeTruthy()
    expect(byId('open-next').textContent).toBe('开启下一阶段：报名')
    expect(document.getElementById('publish')).toBeNull()
  })
})

describe('管理选举: phases', () => {
  it('asks before opening the next phase, then posts to its open route and shows the API’s refusal', async () => {
    const calls = serve(() => electionDetail({ phase: 'conditions', phaseLabel: '公布条件', nextPhase: 'registration' }, { openNext: true }),
      () => fail(409, 'NOT_CONTESTED', '「委员」的候选人不多于应选人数，不能开启正式选举'))
    open()
    await waitFor(() => byId('open-next'))
    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true } as never)
    fireEvent.click(byId('open-next'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(JSON.stringify(vi.mocked(Taro.showModal).mock.calls[0]![0])).toContain('开启后将通知本社区全体居民')
    expect(posts(calls)).toHaveLength(0)

    fireEvent.click(byId('open-next'))
    await waitFor(() => expect(posts(calls)).toHaveLength(1))
    expect(route(posts(calls)[0]!)).toBe('/elections/1/phases/registration/open')
    expect(posts(calls)[0]!.method).toBe('POST')
    await waitFor(() => expect(byId('phase-error').textContent).toContain('「委员」的候选人不多于应选人数'))
  })
})

describe('管理选举: the roll', () => {
  const registration = () => electionDetail({ phase: 'registration', phaseLabel: '选民登记' }, { manageRoll: true })

  it('removes a voter only with a reason, after a confirmation', async () => {
    const calls = serve(registration, () => ok({ id: 51, maskedName: '张*明', buildingLabel: '3栋', source: 'rule', sourceLabel: '按条件登记', addedReason: null, removedAt: '2026-11-29T02:00:00Z', removedReason: '已迁出' }))
    open()
    await waitFor(() => byId('voter-remove-51'))
    fireEvent.click(byId('voter-remove-51'))
    fireEvent.click(byId('remove-confirm'))
    expect(within(byId('remove-reason')).getByText('请填写移出原因（至少2个字）')).toBeTruthy()
    expect(posts(calls)).toHaveLength(0)

    type('remove-reason', '已迁出本社区')
    fireEvent.click(byId('remove-confirm'))
    await waitFor(() => expect(posts(calls)).toHaveLength(1))
    expect(route(posts(calls)[0]!)).toBe('/elections/1/roll/51/remove')
    expect(posts(calls)[0]!.data).toEqual({ reason: '已迁出本社区' })
    expect(Taro.showModal).toHaveBeenCalled()
    await waitFor(() => expect(document.getElementById('voter-51')).toBeNull())
  })

  it('builds the roll and says who was left out; closing it shows the API’s refusal', async () => {
    const calls = serve(registration, (c) => route(c).endsWith('/roll/build')
      ? ok({ added: 40, onRoll: 42, skipped: { unverified: 3, underAge: 5 } })
      : fail(409, 'OBJECTIONS_PENDING', '还有2条异议未处理，处理后才能确定选民名单'))
    open()
    await waitFor(() => byId('roll-build'))
    fireEvent.click(byId('roll-build'))
    await waitFor(() => expect(byId('roll-build-result').textContent).toContain('新登记 40 人，名单共 42 人'))
    expect(byId('roll-build-result').textContent).toContain('未完成实名核验 3 人，未满年龄 5 人')
    fireEvent.click(byId('roll-close'))
    await waitFor(() => expect(byId('roll-error').textContent).toContain('还有2条异议未处理'))
    expect(posts(calls).map(route)).toEqual(['/elections/1/roll/build', '/elections/1/roll/close'])
  })

  it('resolves objections with {upheld, resolution} and, for someone else’s missing entry, the user to add', async () => {
    const list = [objection({ id: 41, subjectText: '王芳，3栋2单元101' }), objection({ id: 42, kind: 'ineligible', kindLabel: '不应登记而登记', subject: { id: 52, maskedName: '李*', buildingLabel: '5栋' } })]
    const calls = serve(registration, () => ok({ ...list[0], status: 'upheld', statusLabel: '成立' }), { objections: () => list })
    open()
    await waitFor(() => byId('objection-41-uphold'))
    expect(byId('objection-41').textContent).toContain('王芳，3栋2单元101')
    fireEvent.click(byId('objection-41-uphold'))
    type('objection-resolution', '经核实户籍在本社区')
    fireEvent.click(byId('objection-confirm'))
    expect(within(byId('objection-user')).getByText('请查找并点选补登的居民（也可填用户编号）')).toBeTruthy()
    type('objection-user', '88')
    fireEvent.click(byId('objection-confirm'))
    await waitFor(() => expect(posts(calls)).toHaveLength(1))
    expect(route(posts(calls)[0]!)).toBe('/elections/1/objections/41/resolve')
    expect(posts(calls)[0]!.data).toEqual({ upheld: true, resolution: '经核实户籍在本社区', userId: 88 })

    await waitFor(() => byId('objection-42-dismiss'))
    fireEvent.click(byId('objection-42-dismiss'))
    expect(document.getElementById('objection-user')).toBeNull()
    type('objection-resolution', '该居民符合条件')
    fireEvent.click(byId('objection-confirm'))
    await waitFor(() => expect(posts(calls)).toHaveLength(2))
    expect(route(posts(calls)[1]!)).toBe('/elections/1/objections/42/resolve')
    expect(posts(calls)[1]!.data).toEqual({ upheld: false, resolution: '该居民符合条件' })
  })
})

describe('管理选举: candidates', () => {
  it('rejects only with a reason; approves with {approved: true}', async () => {
    const calls = serve(() => electionDetail({ phase: 'qualification', phaseLabel: '资格审查', rollClosedAt: '2026-11-28T02:00:00Z' }, { review: true }),
      () => ok(candidate()), { candidates: () => [candidate({ id: 31 }), candidate({ id: 32, name: '王*', contestId: 12, contestName: '委员' })] })
    open()
    await waitFor(() => byId('candidate-31-reject'))
    expect(within(byId('contest-11')).getByText('张建国')).toBeTruthy()
    expect(within(byId('candidate-31')).getByText('待审查')).toBeTruthy()
    fireEvent.click(byId('candidate-31-reject'))
    fireEvent.click(byId('review-confirm'))
    expect(within(byId('review-reason')).getByText('请填写不通过的原因（至少2个字）')).toBeTruthy()
    expect(posts(calls)).toHaveLength(0)
    type('review-reason', '不在本社区选民名单上')
    fireEvent.click(byId('review-confirm'))
    await waitFor(() => expect(posts(calls)).toHaveLength(1))
    expect(route(posts(calls)[0]!)).toBe('/elections/1/candidates/31/review')
    expect(posts(calls)[0]!.data).toEqual({ approved: false, reason: '不在本社区选民名单上' })

    fireEvent.click(byId('candidate-32-approve'))
    await waitFor(() => expect(posts(calls)).toHaveLength(2))
    expect(posts(calls)[1]!.data).toEqual({ approved: true })
  })
})

describe('管理选举: voting, counting and publication', () => {
  it('closes the round after a confirmation, then enters paper totals with the right body', async () => {
    let counted = false
    const calls = serve(
      () => electionDetail({ phase: 'formal', phaseLabel: '正式选举', rollClosedAt: '2026-11-28T02:00:00Z', rounds: [counted ? round({ status: 'counted', statusLabel: '已计票' }) : round()] },
        { count: !counted, markPaper: !counted, enterPaper: true, manageScrutineers: true }),
      (c) => {
        if (route(c).endsWith('/close')) counted = true
        return ok(roundResult())
      },
      { results: () => (counted ? [roundResult()] : []) },
    )
    open()
    await waitFor(() => byId('round-21-close'))
    expect(byId('round-21-paper')).toBeTruthy()
    fireEvent.click(byId('round-21-close'))
    await waitFor(() => expect(posts(calls).map(route)).toEqual(['/elections/1/rounds/21/close']))
    expect(JSON.stringify(vi.mocked(Taro.showModal).mock.calls[0]![0])).toContain('结束后不能再投票')
    await waitFor(() => byId('round-21-paper-totals'))
    expect(byId('result-21-candidate-31').textContent).toContain('当选')
    expect(byId('result-21-turnout').textContent).toContain('参选率 60%')
    expect(document.getElementById('round-21-close')).toBeNull()

    fireEvent.click(byId('round-21-paper-totals'))
    type('paper-ballots', '5')
    type('paper-votes-31', '3')
    type('paper-votes-32', '2')
    fireEvent.click(byId('paper-save'))
    await waitFor(() => expect(posts(calls)).toHaveLength(2))
    const put = posts(calls)[1]!
    expect(put.method).toBe('PUT')
    expect(route(put)).toBe('/elections/1/rounds/21/paper-totals')
    expect(put.data).toEqual({ ballots: 5, votes: { 31: 3, 32: 2 } })
  })

  it('publishes after the confirmation, then shows the archived, read-only election', async () => {
    let published = false
    const calls = serve(
      () => electionDetail({
        phase: published ? 'published' : 'counting', phaseLabel: published ? '已公布' : '计票', rollClosedAt: '2026-11-28T02:00:00Z',
        rounds: [round({ status: 'counted', statusLabel: '已计票' })], publishedAt: published ? '2026-12-21T02:00:00Z' : null,
      }, published ? {} : { publish: true, manageScrutineers: true }),
      () => { published = true; return ok({}) },
    )
    open()
    await waitFor(() => byId('publish'))
    fireEvent.click(byId('publish'))
    await waitFor(() => expect(posts(calls)).toHaveLength(1))
    expect(JSON.stringify(vi.mocked(Taro.showModal).mock.calls[0]![0])).toContain('公布后选举归档，不能再修改')
    expect(route(posts(calls)[0]!)).toBe('/elections/1/publish')
    await waitFor(() => expect(byId('election-archived').textContent).toContain('已公布并归档'))
    expect(document.getElementById('publish')).toBeNull()
    expect(document.getElementById('round-21-paper-totals')).toBeNull()
  })
})
