import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest'
import { SCREENSHOT_DIR } from './support/browser.ts'
import { consultationSteps, topicAdminPage, topicPage, type Outcome, type VoteTotals } from './support/consultations.ts'
import { pageId } from './support/elections.ts'
import { Portal } from './support/portal.ts'

const portal = new Portal()
const { $, visible, shot, problems, loginAs, open, fill } = portal
const {
  tap, tapAndConfirm, write, api, adminStateIs, stateIs, pickFirstDate, openFromTab, manageFromWorkbench, opine, vote,
} = consultationSteps(portal)

/** Unique among the demo topics (东门人车分流 in its vote, 非机动车充电棚 in progress). */
const TITLE = '小区南门加装夜间照明（端到端测试）'
const BACKGROUND = '南门到2号楼的小路晚上没有路灯，老人出门不方便。拟加装6盏太阳能路灯，费用由公共收益列支。'
const OPINION1 = '晚上去广场跳舞回来，南门那段路黑乎乎的，早该装了。'
const OPINION2 = '装可以，但灯别对着一楼窗户照。'
const RESOLUTION = '经居民表决，同意在南门小路加装6盏太阳能路灯。'
const ACTION = '南门小路安装太阳能路灯6盏'
const OWNER = '物业李经理'
const PROGRESS = '路灯已到货，本周六安装。'
const COMMENT = '灯装好了，晚上出门踏实多了。'

describe('协商议事 (e-consultation), end to end in the H5 portal', () => {
  beforeAll(async () => {
    await portal.start()
  })
  afterAll(async () => portal.close())

  it('committee1 opens a topic with a vote; resident1 and resident2 give opinions and vote; committee1 records the decision and completes its action; resident1 rates it 满意', async () => {
    onTestFailed(async () => {
      await portal.page.screenshot({ path: `${SCREENSHOT_DIR}/consultation-failed.png` }).catch(() => undefined)
    })
    // ---- 1. committee1: 工作台 → 议题管理 → 发起议题, decided by a residents' vote
    await loginAs('committee1')
    await tap('open-workbench')
    await tap('open-consultation-manage')
    await tap('topic-new')
    await visible($('#topic-open-form'))
    await fill('topic-title', TITLE)
    await write('topic-background', BACKGROUND)
    await tap('topic-method-vote')
    await expect.poll(() => $('#topic-method-vote').getAttribute('aria-checked')).toBe('true')
    await tapAndConfirm('topic-open-submit', '开放')

    // ---- the manage page of the new topic: in discussion, no vote yet; set it up
    await visible($('#wb-topic-head').getByText(TITLE))
    const id = pageId(portal)
    expect(id).toBeGreaterThan(0)
    await adminStateIs('讨论中')
    expect(await $('#wb-topic-head').textContent()).toContain('居民投票表决')
    await visible($('#wb-vote-none'))
    await tap('wb-vote-edit')
    await visible($('#wb-vote-form'))
    await tap('wb-vote-kind-approve')
    await tap('wb-vote-unit-per_resident') // resident1 and resident2 both count, whatever their homes
    const closesOn = await pickFirstDate('wb-vote-closes-field')
    await tap('wb-vote-save')
    await visible($('#wb-vote-status').getByText('尚未开始', { exact: true }))
    expect(await $('#wb-vote').textContent()).toContain('每位居民一票')
    const setUp = await api<VoteTotals & { closesAt: string; unit: string; kind: string }>('committee1', `/consultations/${id}/vote`)
    expect(setUp).toMatchObject({ kind: 'approve', unit: 'per_resident', status: 'scheduled' })
    expect(setUp.choices.map((c) => c.label)).toEqual(['同意', '不同意', '弃权'])
    expect(new Date(setUp.closesAt).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })).toBe(closesOn)
    const choice = (label: string) => setUp.choices.find((c) => c.label === label)!.id
    await shot('consultation-vote-setup.png')

    // ---- 2. resident1 and resident2 find it on the 议事 tab and give their opinions
    await loginAs('resident1')
    await openFromTab(id, TITLE, '讨论中')
    expect(await $('#topic-background').textContent()).toBe(BACKGROUND)
    expect(await $('#vote-card').count()).toBe(0) // the vote shows once the topic is put to it
    await visible($('#discussion').getByText('居民意见（0）'))
    await opine('for', OPINION1)
    await visible($('#discussion').getByText('居民意见（1）'))
    expect(await $('#discussion .opinion').first().textContent()).toContain('赞成')

    await loginAs('resident2')
    await openFromTab(id, TITLE, '讨论中')
    await visible($('#discussion').getByText(OPINION1, { exact: true })) // published by the content check
    await opine('against', OPINION2)
    await visible($('#discussion').getByText('居民意见（2）'))
    expect(await $('#discussion .opinion').first().textContent()).toContain('反对')
    await shot('consultation-discussion.png')

    // ---- committee1 puts it to the vote
    await loginAs('committee1')
    await manageFromWorkbench(id, TITLE, '讨论中')
    await visible($('#wb-vote-status').getByText('尚未开始', { exact: true }))
    await tapAndConfirm('topic-to-voting', '确定')
    await adminStateIs('表决中')
    await visible($('#wb-vote-status').getByText('投票中', { exact: true }))

    // ---- resident1 votes 同意, resident2 弃权 (each confirmed)
    await loginAs('resident1')
    await openFromTab(id, TITLE, '表决中')
    await vote(choice('同意'), '同意')
    expect(await $('#vote-results').count()).toBe(0) // totals stay hidden from residents while the vote runs
    expect(await $('#opine-closed').textContent()).toContain('不在讨论期')
    await shot('consultation-voted.png')
    await loginAs('resident2')
    await openFromTab(id, TITLE, '表决中')
    await vote(choice('弃权'), '弃权')

    // ---- 3. committee1 sees the totals, ends the vote, records the decision
    await loginAs('committee1')
    await open(topicAdminPage(id))
    await adminStateIs('表决中')
    await visible($(`#wb-vote-choice-${choice('同意')}`).getByText('1 票', { exact: true }))
    await visible($(`#wb-vote-choice-${choice('不同意')}`).getByText('0 票', { exact: true }))
    await visible($(`#wb-vote-choice-${choice('弃权')}`).getByText('1 票', { exact: true }))
    await visible($('#wb-vote').getByText(/共 2 票/))
    await tapAndConfirm('wb-vote-close', '结束')
    await visible($('#wb-vote-status').getByText('投票已结束', { exact: true }))
    await visible($('#wb-decision-form'))
    await write('wb-decision-resolution', RESOLUTION)
    await tapAndConfirm('wb-decision-save', '公布')
    await adminStateIs('已议定')
    await visible($('#wb-decision').getByText(RESOLUTION, { exact: true }))

    // ---- an action (title, owner, due date): the topic is carried out
    await visible($('#wb-action-form'))
    await fill('wb-action-title', ACTION)
    await fill('wb-action-owner', OWNER)
    const dueOn = await pickFirstDate('wb-action-due-field')
    await tap('wb-action-add')
    await adminStateIs('落实中')
    const action = $('#wb-outcome .wb-opinion').first()
    await visible(action.getByText(ACTION, { exact: true }))
    const actionId = Number((await action.getAttribute('id'))!.replace('wb-action-', ''))
    expect(await action.textContent()).toContain(`负责人 ${OWNER} · 期限 ${dueOn}`)
    await visible($(`#wb-action-${actionId}-status`).getByText('未开始', { exact: true }))

    // ---- a progress update, then 标记完成 (confirmed): the topic is 已完成
    await write(`wb-action-${actionId}-progress`, PROGRESS)
    await tap(`wb-action-${actionId}-post`)
    await visible($(`#wb-action-${actionId}`).getByText(PROGRESS, { exact: false }))
    await visible($(`#wb-action-${actionId}-status`).getByText('进行中', { exact: true }))
    await tapAndConfirm(`wb-action-${actionId}-complete`, '已完成')
    await adminStateIs('已完成')
    await visible($(`#wb-action-${actionId}-status`).getByText('已完成', { exact: true }))
    expect(await $(`#wb-action-${actionId}-complete`).count()).toBe(0)
    await shot('consultation-completed.png')

    // ---- 4. resident1 reads the result and the action, rates 满意 with a comment
    await loginAs('resident1')
    await openFromTab(id, TITLE, '已完成')
    await visible($('#vote-status').getByText('投票已结束', { exact: true }))
    await visible($(`#vote-result-${choice('同意')}`).getByText('1 票', { exact: true }))
    await visible($(`#vote-result-${choice('弃权')}`).getByText('1 票', { exact: true }))
    await visible($('#decision').getByText(RESOLUTION, { exact: true }))
    await visible($(`#action-${actionId}`).getByText('已完成', { exact: true }))
    expect(await $(`#action-${actionId}`).textContent()).toContain(PROGRESS)
    await visible($('#rate-form'))
    await tap('rate-satisfied')
    await expect.poll(() => $('#rate-satisfied').getAttribute('aria-checked')).toBe('true')
    await write('rate-comment', COMMENT)
    await tapAndConfirm('rate-submit', '提交')
    await visible($('#my-rating').getByText(`您的评价：满意，${COMMENT}`, { exact: true }))
    await visible($('#ratings-summary').getByText('共 1 人评价，满意率 100%（满意 1，基本满意 0，不满意 0）', { exact: true }))
    expect(await $('#rate-form').count()).toBe(0)
    await shot('consultation-rated.png')

    // ---- resident2 sees the same counts after a fresh load, and may still rate
    await loginAs('resident2')
    await open(topicPage(id))
    await stateIs('已完成')
    await visible($('#ratings-summary').getByText(/^共 1 人评价/))
    await visible($('#rate-form'))

    // ---- the database through the API, as staff: 2 ballots, the decision, 1 action completed, 1 满意
    const totals = await api<VoteTotals>('committee1', `/consultations/${id}/vote`)
    expect(totals.status).toBe('closed')
    expect(totals.ballotsCount).toBe(2)
    expect(Object.fromEntries(totals.choices.map((c) => [c.label, c.count]))).toEqual({ 同意: 1, 不同意: 0, 弃权: 1 })
    const outcome = await api<Outcome>('committee1', `/consultations/${id}/outcome`)
    expect(outcome.state).toBe('completed')
    expect(outcome.decision?.resolution).toBe(RESOLUTION)
    expect(outcome.actions).toHaveLength(1)
    expect(outcome.actions[0]).toMatchObject({ id: actionId, title: ACTION, owner: OWNER, dueDate: dueOn, status: 'completed' })
    expect(outcome.actions[0].updates.map((u) => u.body)).toEqual([PROGRESS])
    expect(outcome.ratings.total).toBe(1)
    expect(outcome.ratings.counts.map((c) => [c.label, c.count])).toEqual([['满意', 1], ['基本满意', 0], ['不满意', 0]])
    expect(outcome.ratings.comments).toMatchObject([{ comment: COMMENT, label: '满意' }])
    const topic = await api<{ state: string; opinionCount: number }>('committee1', `/consultations/${id}`)
    expect(topic).toMatchObject({ state: 'completed', opinionCount: 2 })

    expect(problems).toEqual([])
  })
})
