import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoIdNumber } from '../api/src/seed/demo.ts'
import { Portal } from './support/portal.ts'

const portal = new Portal()
const { $, visible, shot, open, loginAs, fill, modalButton, problems } = portal
/** The tab the helpers act on. */
const page = () => portal.page

// Demo residents (api/src/seed/demo.ts): resident3 王志强 born 1958-01-21, resident6 杨淑珍 born 1968-09-09.
const RESIDENT3_ID = demoIdNumber('19580121', 3, true)
const RESIDENT6_ID = demoIdNumber('19680909', 6, false)
const OTHER_RESIDENTS = ['张建国', '李秀英', '刘桂兰', '陈海峰', '杨淑珍']

describe("residents' rights (PIPL), end to end in the H5 portal", () => {
  beforeAll(async () => {
    await portal.start()
  })
  afterAll(async () => portal.close())

  it('a resident sees what is held, downloads it, withdraws real-name consent, and the message centre confirms it', async () => {
    await loginAs('resident3')
    await $('#open-personal-info').tap()

    // ---- everything held, the ID number masked until 显示
    const idRow = $('#data-idNumber')
    await visible(idRow)
    expect(await $('#data-realName').textContent()).toContain('王志强')
    expect(await idRow.textContent()).toContain(`${RESIDENT3_ID.slice(0, 6)}********${RESIDENT3_ID.slice(-4)}`)
    expect(await idRow.textContent()).not.toContain(RESIDENT3_ID)
    await idRow.locator('.data-row__toggle').tap()
    await expect.poll(() => idRow.textContent()).toContain(RESIDENT3_ID)
    await visible($('#data-households').getByText('已通过', { exact: false }))
    await shot('personal-info.png')

    // ---- 复制全部（JSON）: a dated file with their own data and nobody else's
    const [download] = await Promise.all([page().waitForEvent('download'), $('#export-data').tap()])
    expect(download.suggestedFilename()).toMatch(/^linlitong-my-data-\d{8}\.json$/)
    const text = readFileSync((await download.path())!, 'utf8')
    const copy = JSON.parse(text) as { profile: { realName: string; idNumber: string }; account: { username: string } }
    expect(copy.account.username).toBe('resident3')
    expect(copy.profile.realName).toBe('王志强')
    expect(copy.profile.idNumber).toBe(RESIDENT3_ID)
    expect(new Set(text.match(/\d{17}[\dX]/g))).toEqual(new Set([RESIDENT3_ID]))
    for (const name of OTHER_RESIDENTS) expect(text).not.toContain(name)

    // ---- 撤回实名同意: what stops working first, then a confirmation
    const withdraw = $('#withdraw-consent')
    await withdraw.scrollIntoViewIfNeeded()
    expect(await withdraw.textContent()).toContain('已绑定和申请中的房屋全部解除')
    await $('#withdraw-consent-button').tap()
    await modalButton('撤回')

    // ---- back on 我的: the profile is empty and the binding has ended
    const tag = $('#profile-card .tag')
    await visible(tag)
    await expect.poll(() => tag.textContent()).toBe('未登记')
    expect(await $('#profile-card').textContent()).not.toContain('王志强')
    await visible($('#bindings-card').getByText('还没有绑定房屋'))
    expect(await $('#bindings-card .binding').count()).toBe(0)

    // ---- the message centre confirms both the copy and the withdrawal
    await open('/packages/messages/index/index')
    await visible($('.message__title').filter({ hasText: '已撤回实名信息授权' }))
    await visible($('.message__title').filter({ hasText: '今日查看了个人信息' }))
    await shot('privacy-messages.png')
    expect(problems).toEqual([])
  })

  it('a resident deletes their account, lands on the login page and cannot log in again', async () => {
    await loginAs('resident4')
    await $('#open-personal-info').tap()
    const zone = $('#delete-account')
    await visible(zone)
    await zone.scrollIntoViewIfNeeded()
    expect(await zone.textContent()).toContain('注销后无法恢复')

    // Without typing 注销账号 nothing happens.
    await $('#delete-account-button').tap()
    await visible(zone.getByText('请先输入「注销账号」', { exact: true }))
    await fill('delete-confirm', '注销账号')
    await shot('delete-account.png')
    await $('#delete-account-button').tap()

    await visible($('#demo-picker'))
    expect(page().url()).toContain('/pages/login/index')
    expect(await page().evaluate(() => localStorage.getItem('llt.session'))).toBeNull()

    // The account is gone: not offered in the picker, and the login is refused.
    expect(await $('#demo-resident4').count()).toBe(0)
    const res = await page().request.post(`${portal.server.baseUrl}/api/v1/auth/dev`, { data: { username: 'resident4' } })
    expect(res.status()).toBeGreaterThanOrEqual(400)
    expect(problems).toEqual([])
  })

  it("a resident claims an ID number already on file: 社区 must check it, and committee staff decide in 工作台", async () => {
    await loginAs('resident5')
    await $('#open-realname').tap()
    await visible($('#field-idNumber input'))
    await expect.poll(() => $('#field-realName input').inputValue()).toBe('陈海峰')
    // The phone on file is kept, not asked for again.
    await visible($('#phone-on-file'))
    await fill('field-idNumber', RESIDENT6_ID)
    await $('#consent').tap()
    await $('#submit-profile').tap()
    // A verified identity with an approved household: warned first.
    await modalButton('仍要提交')
    const review = $('.taro__modal .taro-modal__content').filter({ hasText: '需要社区核实' })
    await visible(review)
    const said = (await review.textContent()) ?? ''
    expect(said).toContain('该身份证号需要社区工作人员核实')
    expect(said).not.toMatch(/已被|他人|其他账号/)
    await modalButton('知道了')
    const tag = $('#profile-card .tag')
    await visible(tag)
    await expect.poll(() => tag.textContent()).toBe('待核实')

    // ---- committee1 sees it in 工作台 and keeps the number with its holder
    await loginAs('committee1')
    await $('#open-workbench').tap()
    const item = $('.identity-review').first()
    await visible(item)
    expect(await item.textContent()).toContain(`${RESIDENT6_ID.slice(0, 6)}********${RESIDENT6_ID.slice(-4)}`)
    expect(await item.textContent()).not.toContain(RESIDENT6_ID)
    await item.scrollIntoViewIfNeeded()
    await shot('workbench-identity-review.png')
    await item.locator('.btn').filter({ hasText: '驳回申请' }).tap()
    await item.locator('input').fill('已与两位居民核对身份证原件')
    await item.locator('.btn').filter({ hasText: '确认驳回申请' }).tap()
    await modalButton('确认')
    await visible(item.getByText('已驳回'))
    expect(await item.locator('.btn').count()).toBe(0)

    // ---- resident5 is told, and may register again
    await loginAs('resident5')
    await expect.poll(() => $('#profile-card .tag').textContent()).not.toBe('待核实')
    await open('/packages/messages/index/index')
    await visible($('.message__title').filter({ hasText: '身份证号核实未通过' }))
    expect(problems).toEqual([])
  })
})
