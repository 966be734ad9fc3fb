import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { idCheckChar } from '../api/src/core/pii.ts'
import { Portal } from './support/portal.ts'

const portal = new Portal()
const { $, visible, shot, fill, problems } = portal
/** The tab the helpers act on. */
const page = () => portal.page

/** A valid ID number no demo account uses (area 110105, a 1986 birth date, random sequence). */
function freshIdNumber(): string {
  const first17 = `11010519860214${String(Math.floor(Math.random() * 900) + 100)}`
  return first17 + idCheckChar(first17)
}

/** On 我的: 退出登录, then 登录 → the demo picker → back on 我的 as `username`. */
async function switchUser(username: string) {
  const logout = $('.btn').filter({ hasText: '退出登录' })
  await visible(logout)
  await logout.tap()
  await visible($('.card__title').filter({ hasText: '未登录' }))
  await $('.btn').filter({ hasText: '登录' }).tap()
  const account = $(`#demo-${username}`)
  await visible(account)
  await account.tap()
  await visible($('#profile-card'))
  // Leaving the login page within Taro's 300 ms page transition leaves a timer in the H5 router
  // that hides 我的 a moment later; a reload (the session is kept) drops it.
  await page().reload()
  await visible($('#profile-card'))
}

describe('household binding, end to end in the H5 portal', () => {
  beforeAll(async () => {
    await portal.start()
  })
  afterAll(async () => portal.close())

  it('a resident registers, asks to bind a household, committee staff approve, the resident sees it approved', async () => {
    // ---- resident1 logs in with the demo picker
    await page().goto(`${portal.server.baseUrl}/#/pages/login/index`)
    await visible($('#demo-resident1'))
    await visible(page().getByText('选择演示账号'))
    await shot('login-picker.png')
    await $('#demo-resident1').tap()
    await visible($('#profile-card'))
    await expect.poll(() => $('.hero__title').textContent()).toBe('张建国')

    // ---- 实名登记: a wrong check digit is caught under the field
    await $('#open-realname').tap()
    await visible($('#field-idNumber input'))
    await expect.poll(() => $('#field-realName input').inputValue()).toBe('张建国') // prefilled
    await fill('field-idNumber', '110105194912310021')
    await $('#change-phone').tap() // the phone on file is kept unless 更换 is tapped
    await fill('field-phone', '13800138000')
    await $('#consent').tap()
    await $('#submit-profile').tap()
    const idError = $('#field-idNumber .field__error')
    await visible(idError)
    expect(await idError.textContent()).toContain('校验位不正确')
    await shot('profile-form-error.png')

    // ---- a fresh valid number is accepted, and 我的 shows it masked
    const idNumber = freshIdNumber()
    await fill('field-idNumber', idNumber)
    await $('#submit-profile').tap()
    // A verified identity with an approved household: the resident is warned that it goes back to review.
    const rereview = $('.taro__modal .taro-modal__foot').getByText('仍要提交', { exact: true })
    await visible(rereview)
    await rereview.tap()
    const masked = `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`
    await visible($('#profile-card').getByText(masked))
    await visible($('#profile-card').getByText('138****8000'))

    // ---- 绑定房屋: first community → first building → second room → 家属
    await $('#open-binding').tap()
    const community = $('.chip').filter({ hasText: '青石社区' })
    await visible(community)
    await community.tap()
    const building = $('.card').filter({ hasText: '2. 选择楼栋' }).locator('.chip').first()
    await visible(building)
    await building.tap()
    const rooms = $('.card').filter({ hasText: '3. 选择房间' }).locator('.chip')
    await visible(rooms.nth(1))
    const roomLabel = (await rooms.nth(1).textContent())!.trim()
    const buildingLabel = (await building.textContent())!.trim()
    await rooms.nth(1).tap()
    await $('.chip').filter({ hasText: '家属' }).tap()
    await $('#submit-binding').tap()
    const submitted = $('#binding-submitted')
    await visible(submitted)
    const card = $('#binding-created .binding')
    await visible(card.getByText('待审核'))
    const address = (await card.locator('.item__title').textContent())!.trim()
    expect(address).toContain(buildingLabel.split(' ').pop()!)
    expect(address).toContain(roomLabel.split(' ').pop()!)
    await shot('binding-request.png')

    // ---- back on 我的 the request is pending; then log out
    await $('.btn').filter({ hasText: '返回我的' }).tap()
    const mine = $('#bindings-card .binding').filter({ hasText: address })
    await visible(mine.getByText('待审核'))

    // ---- committee1 approves it in 工作台
    await switchUser('committee1')
    await $('#open-workbench').tap()
    const pending = $('.pending-item').filter({ hasText: address })
    await visible(pending)
    await visible(pending.getByText('家属'))
    expect(await pending.textContent()).toContain(masked)
    await shot('workbench-pending.png')
    await pending.locator('.btn').filter({ hasText: '通过' }).tap()
    const confirm = $('.taro__modal .taro-modal__foot').getByText('通过', { exact: true })
    await visible(confirm)
    await confirm.tap()
    await visible(pending.getByText('已通过'))
    expect(await pending.locator('.btn').filter({ hasText: '通过' }).count()).toBe(0)
    await page().goBack()

    // ---- resident1 sees it approved
    await switchUser('resident1')
    const approved = $('#bindings-card .binding').filter({ hasText: address })
    await visible(approved.getByText('已通过'))
    await approved.scrollIntoViewIfNeeded()
    await shot('mine-approved.png')

    // ---- 关怀模式: one switch, larger text (≥ 18 px at this width) and bigger tap targets
    const bodyText = $('#profile-card .row__value').first()
    const fontSize = async () => parseFloat(await bodyText.evaluate((e) => getComputedStyle(e).fontSize))
    // The tab bar is drawn by Taro's H5 runtime outside the page element; it must grow too.
    const tabLabel = (text: string) => $('.taro-tabbar__tabbar .weui-tabbar__label').filter({ hasText: text })
    const style = (text: string, prop: 'fontSize' | 'color') => tabLabel(text).evaluate((e, p) => getComputedStyle(e)[p], prop)
    const tabFontSize = async () => parseFloat(await style('首页', 'fontSize'))
    const tabBarHeight = async () => (await $('.taro-tabbar__tabbar .weui-tabbar').boundingBox())?.height ?? 0
    expect(await fontSize()).toBeLessThan(18)
    expect(await tabFontSize()).toBeLessThan(14)
    await $('.elder-switch taro-switch-core, .elder-switch input').first().tap()
    await visible($('.page--elder #profile-card'))
    expect(await fontSize()).toBeGreaterThanOrEqual(18)
    // Tab bar: labels ≥ 16 px (≥ 14 px is the floor), a bar ≥ 56 px tall, darker label colours.
    await expect.poll(tabFontSize).toBeGreaterThanOrEqual(16)
    await expect.poll(tabBarHeight).toBeGreaterThanOrEqual(56)
    await expect.poll(() => style('首页', 'color')).toBe('rgb(31, 35, 41)')
    await expect.poll(() => style('我的', 'color')).toBe('rgb(11, 68, 52)')
    // The switch re-renders the page, so the button may be between two renders when first asked.
    const buttonHeight = async () => (await $('#open-realname').boundingBox())?.height ?? 0
    await expect.poll(buttonHeight, { timeout: 10_000 }).toBeGreaterThanOrEqual(44) // ≥ 88rpx on a 375-pt-wide phone
    await page().reload() // remembered across launches
    await visible($('.page--elder #profile-card'))
    await expect.poll(tabFontSize).toBeGreaterThanOrEqual(16)
    await $('#profile-card').scrollIntoViewIfNeeded()
    await shot('mine-elder.png')

    expect(problems).toEqual([])
  })
})
