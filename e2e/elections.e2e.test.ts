import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest'
import { adminPage, detailPage, electionSteps, pageId } from './support/elections.ts'
import { SCREENSHOT_DIR } from './support/browser.ts'
import { Portal } from './support/portal.ts'

const portal = new Portal()
const { $, visible, shot, problems, loginAs, open, fill } = portal
const { tap, tapAndConfirm, phaseIs, openNext, write, api } = electionSteps(portal)

/** Unique among the demo elections (第十二届换届选举 in its vote, 业主代表推选 published). */
const TITLE = '青石社区居委会委员补选（端到端测试）'
const CONDITIONS = '年满十八周岁、户籍或居住在青石社区并完成实名核验的居民'

type Candidate = { id: number; contestId: number; name: string; status: string; source: 'self' | 'staff' }
type Detail = { id: number; contests: { id: number; name: string }[]; rounds: { id: number; status: string }[] }

/** A roll entry's id (选民名单编号) of a user in an election, read from the database by the test. */
async function voterIdOf(electionId: number, username: string): Promise<number> {
  const db = portal.server.deps.db
  const user = await db.user.findUniqueOrThrow({ where: { username } })
  const voter = await db.electionVoter.findFirstOrThrow({ where: { electionId, userId: user.id } })
  return voter.id
}

/** A resident: 议事 → the election's row (its title and phase `phase`) → its detail page. */
async function openFromConsultation(electionId: number, phase: string) {
  await open('/pages/consultation/index')
  const row = $(`#elections-section #election-${electionId}`)
  await visible(row.getByText(TITLE))
  await visible(row.getByText(phase, { exact: true }))
  await tap(`election-${electionId}`)
  await visible($('#election-summary').getByText(TITLE))
  await phaseIs(phase)
}

/** A resident votes in the open round: 去投票, `candidateId` (none: blank), 核对, 提交 confirmed; returns the tracker. */
async function vote(electionId: number, candidateId: number | null, names: string): Promise<string> {
  await openFromConsultation(electionId, '正式选举')
  await tap('go-vote')
  await visible($('#ballot'))
  if (candidateId !== null) {
    await tap(`candidate-${candidateId}`)
    await expect.poll(() => $(`#candidate-${candidateId}`).getAttribute('aria-checked')).toBe('true')
  }
  await tap('ballot-review')
  await visible($('#ballot-summary').getByText(names, { exact: true }))
  await tapAndConfirm('ballot-submit', '确定提交')
  await visible($('#ballot-receipt'))
  const tracker = (await $('#tracker').textContent())!.replace(/\s+/g, '')
  expect(tracker).toMatch(/^[0-9A-Z]{12}$/)
  return tracker
}

describe('e-election (社区选举), end to end in the H5 portal', () => {
  beforeAll(async () => {
    await portal.start()
  })
  afterAll(async () => portal.close())

  it('committee1 runs a 委员 by-election from draft to publication; residents object, sign up and vote; resident1 finds the tracker on the board and reads the result', async () => {
    onTestFailed(async () => {
      await portal.page.screenshot({ path: `${SCREENSHOT_DIR}/election-failed.png` }).catch(() => undefined)
    })
    // ---- 1. committee1: 工作台 → 选举管理 → 新建选举
    await loginAs('committee1')
    await tap('open-workbench')
    await tap('open-election-manage')
    await tap('election-new')
    await visible($('#election-form'))
    await fill('el-title', TITLE)
    await write('el-conditions', CONDITIONS)
    await write('el-description', '补选委员1名，请符合条件的居民积极参加。')
    // 选举日 is a Taro date Picker: its own popup, whose 确定 takes the date it starts on (today).
    await portal.settled()
    await $('#el-day .picker-value').tap()
    await visible($('.weui-picker__action').getByText('确定', { exact: true }))
    await portal.settled()
    await $('.weui-picker__action').getByText('确定', { exact: true }).tap()
    await expect.poll(() => $('#el-day .picker-value').textContent()).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    const electionDay = (await $('#el-day .picker-value').textContent())!
    await fill('el-contest-name-0', '委员')
    await fill('el-contest-seats-0', '1')
    // A small test roll: turnout counts when more than 1/10 of the roll votes (3 ballots below).
    await fill('el-turnout-den', '10')
    await visible($('#el-rules-preview').getByText(/选民超过1\/10参加投票选举有效/))
    await shot('election-edit.png')
    await tap('el-save')

    // ---- the manage page of the new draft
    await visible($('#election-head').getByText(TITLE))
    const id = pageId(portal)
    expect(id).toBeGreaterThan(0)
    await phaseIs('草稿')
    expect(await $('#election-overview').textContent()).toContain('委员1名')
    const created = await api<Detail & { electionDay: string; title: string }>('committee1', `/elections/${id}`)
    expect(created).toMatchObject({ title: TITLE, electionDay })
    const contestId = created.contests[0].id

    // ---- 2. 公布条件, 选民登记; the roll from the rule
    await openNext('公布条件')
    await openNext('选民登记')
    await tap('roll-build')
    await visible($('#roll-build-result'))
    const added = Number((await $('#roll-build-result').textContent())!.match(/新登记 (\d+) 人/)![1])
    expect(added).toBeGreaterThanOrEqual(9) // resident1–9 at least (verified, bound, adult)
    expect(added).toBeLessThan(30) // 3 ballots must be more than 1/10 of it
    await shot('election-roll-built.png')

    // ---- resident9 objects from the roll page: someone else should be on it
    await loginAs('resident9')
    await openFromConsultation(id, '选民登记')
    await tap('go-object')
    await visible($('#objection-form'))
    await tap('objection-kind-other')
    await $('#objection-subject input').fill('王芳，3栋2单元101')
    await write('objection-reason', '王芳在本社区居住五年，已满十八周岁，名单上没有她。')
    await tapAndConfirm('objection-submit', '确定提交')
    await visible($('#my-objections').getByText('王芳，3栋2单元101', { exact: false }))
    expect(await $('#my-objections').textContent()).toContain('待处理')

    // ---- committee1 dismisses it with a resolution, closes the roll, opens 报名
    await loginAs('committee1')
    await tap('open-workbench')
    await tap('open-election-manage')
    await visible($(`#election-${id}`).getByText('选民登记', { exact: true }))
    await tap(`election-${id}`)
    await visible($('#election-head').getByText(TITLE))
    const objection = $('#objections .election-objection').first()
    await visible(objection)
    expect(await objection.textContent()).toContain('涉及：王芳，3栋2单元101')
    const objectionId = Number((await objection.getAttribute('id'))!.replace('objection-', ''))
    await tap(`objection-${objectionId}-dismiss`)
    await write('objection-resolution', '经核实，王芳户籍已迁出，且不在本社区居住，不符合登记条件。')
    await tapAndConfirm('objection-confirm', '确定')
    await visible($(`#objection-${objectionId}`).getByText('不成立', { exact: true }))
    await tapAndConfirm('roll-close', '确定名单')
    await visible($('#roll-section').getByText('选民名单（已确定）'))
    await openNext('报名')

    // ---- resident9 sees the outcome of the objection
    await loginAs('resident9')
    await open(`/packages/elections/roll/index?id=${id}`)
    await visible($(`#objection-${objectionId}`).getByText('不成立', { exact: true }))
    expect(await $(`#objection-${objectionId}`).textContent()).toContain('户籍已迁出')

    // ---- 3. resident7 signs up for 委员 with a statement
    await loginAs('resident7')
    await openFromConsultation(id, '报名')
    await tap('go-signup')
    await tap(`signup-contest-${contestId}`)
    await write('signup-statement', '在社区住了二十年，愿意为邻居们跑腿办事。')
    await tapAndConfirm('signup-submit', '确定报名')
    await visible($('#candidates').getByText('在社区住了二十年，愿意为邻居们跑腿办事。'))
    expect(await $('#candidates').textContent()).toContain('待审查')

    // ---- committee1 nominates resident8 (its user id read from the database by the test: staff know it from the roll/household records)
    const resident8 = await portal.server.deps.db.user.findUniqueOrThrow({ where: { username: 'resident8' } })
    await loginAs('committee1')
    await open(adminPage(id))
    await phaseIs('报名')
    await tap('candidate-nominate')
    await fill('nominate-user', String(resident8.id))
    await tap(`nominate-contest-${contestId}`)
    await write('nominate-statement', '热心楼道环境整治，由居委会提名。')
    await tap('nominate-submit')
    await visible($('#candidates-section').getByText('工作人员提名', { exact: false }))
    const candidates = await api<Candidate[]>('committee1', `/elections/${id}/candidates`)
    expect(candidates).toHaveLength(2)
    // resident7 signed up (source self), resident8 was nominated (source staff)
    const c7 = candidates.find((c) => c.source === 'self')!
    const c8 = candidates.find((c) => c.source === 'staff')!
    expect([c7.contestId, c8.contestId]).toEqual([contestId, contestId])
    expect(await $(`#candidate-${c7.id}`).textContent()).toContain('待审查')

    // ---- 资格审查: both approved; 正式选举
    await openNext('资格审查')
    await tapAndConfirm(`candidate-${c7.id}-approve`, '通过')
    await visible($(`#candidate-${c7.id}`).getByText('已通过', { exact: true }))
    await tapAndConfirm(`candidate-${c8.id}-approve`, '通过')
    await visible($(`#candidate-${c8.id}`).getByText('已通过', { exact: true }))
    await openNext('正式选举')
    const { rounds } = await api<Detail>('committee1', `/elections/${id}`)
    expect(rounds).toHaveLength(1)
    const roundId = rounds[0].id
    expect(rounds[0].status).toBe('open')
    await visible($(`#round-${roundId}`).getByText('投票中', { exact: true }))

    // ---- 4. resident1 and resident2 vote for resident7, resident3 casts a blank ballot
    await loginAs('resident1')
    const tracker1 = await vote(id, c7.id, c7.name)
    await shot('election-receipt.png')
    await tap('back-to-election')
    await visible($(`#voted-${roundId}`))
    expect(await $('#go-vote').count()).toBe(0)
    await loginAs('resident2')
    const tracker2 = await vote(id, c7.id, c7.name)
    await loginAs('resident3')
    const tracker3 = await vote(id, null, '未选择（弃权）')
    expect(new Set([tracker1, tracker2, tracker3]).size).toBe(3)

    // ---- 5. committee1 names resident9 scrutineer, ends the vote and counts, publishes
    await loginAs('committee1')
    await open(adminPage(id))
    await phaseIs('正式选举')
    // The sections load their lists after the page: wait for them, so the tap lands on a still page.
    await visible($('#roll-list .election-voter').first())
    await visible($('#scrutineers-section').getByText('还没有监票人', { exact: false }))
    await tap('scrutineer-add')
    await fill('scrutineer-pick-number', String(await voterIdOf(id, 'resident9')))
    await tapAndConfirm('scrutineer-pick-submit', '添加')
    const resident9 = await portal.server.deps.db.user.findUniqueOrThrow({ where: { username: 'resident9' } })
    await visible($(`#scrutineer-${resident9.id}`))
    expect(await $('#scrutineer-pick').count()).toBe(0)
    await tapAndConfirm(`round-${roundId}-close`, '结束计票')
    await phaseIs('计票')
    await visible($(`#round-${roundId}`).getByText('已计票', { exact: true }))
    await shot('election-counted.png')
    await tapAndConfirm('publish', '公布')
    await visible($('#election-archived'))
    await phaseIs('已公布')

    // ---- 6. resident1 finds the tracker on the board and reads the result
    await loginAs('resident1')
    await openFromConsultation(id, '已公布')
    await visible($('#election-archived'))
    await tap('go-board')
    await visible($('#board-tracker-count').getByText('3', { exact: true }))
    await visible($('#board-voted-online').getByText('3', { exact: true }))
    await $('#board-search input').fill(tracker1.toLowerCase().replace(/(.{4})/g, '$1 '))
    await tap('board-search-submit')
    await visible($('#board-result').getByText(/^找到了/))
    await shot('election-board-found.png')
    await open(detailPage(id))
    await tap('go-results')
    const result = $(`#result-contest-${contestId}`)
    await visible(result)
    await visible($(`#result-candidate-${c7.id}`).getByText('当选', { exact: true }))
    expect(await $(`#result-candidate-${c7.id}`).textContent()).toContain(c7.name)
    expect(await $(`#result-candidate-${c7.id}`).textContent()).toContain('2票')
    await visible($(`#result-candidate-${c8.id}`).getByText('未当选', { exact: true }))
    expect(await result.textContent()).toContain('应选1人，选出1人')
    const turnout = `${Math.round((3 / added) * 1000) / 10}%`
    await visible($(`#turnout-${roundId}`).getByText(turnout))
    await visible($(`#validity-${roundId}`).getByText('选举有效'))
    await shot('election-results.png')

    // ---- the database through the API: 3 ballots, resident7 elected with 2 votes, published
    const [counted] = await api<any[]>('committee1', `/elections/${id}/results`)
    expect(counted).toMatchObject({ id: roundId, ballotsCast: 3, registeredVoters: added, valid: true })
    const contest = counted.contests.find((c: { contestId: number }) => c.contestId === contestId)
    expect(contest.candidates.find((k: { candidateId: number }) => k.candidateId === c7.id)).toMatchObject({ votes: 2, outcome: 'elected' })
    expect(contest.candidates.find((k: { candidateId: number }) => k.candidateId === c8.id)).toMatchObject({ votes: 0, outcome: 'not_elected' })
    const scrutineers = await api<{ userId: number }[]>('committee1', `/elections/${id}/scrutineers`)
    expect(scrutineers.map((x) => x.userId)).toEqual([resident9.id])
    const final = await api<{ phase: string; publishedAt: string | null }>('committee1', `/elections/${id}`)
    expect(final.phase).toBe('published')
    expect(final.publishedAt).not.toBeNull()

    expect(problems).toEqual([])
  })
})
