import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Portal } from './support/portal.ts'
import { makePng } from './support/png.ts'

const portal = new Portal()
const { $, visible, shot, open, loginAs, problems } = portal
/** The tab the helpers act on. */
const page = () => portal.page

const TITLE = '青石第一网格 12月3日停水通知'
const EDITED = '青石第一网格 12月3日停水通知（时间调整）'
let noticeId = 0

describe('notices, end to end in the H5 portal', () => {
  beforeAll(async () => {
    await portal.start()
  })
  afterAll(async () => portal.close())

  it('committee staff publish an important notice to one grid; only that grid reads it; the reads are counted', async () => {
    // ---- committee1 writes the notice in 工作台 → 公告管理 → 发布新公告
    await loginAs('committee1')
    await $('#open-workbench').tap()
    await $('#open-notice-manage').tap()
    await visible($('#new-notice'))
    await $('#new-notice').tap()
    await visible($('#field-title input'))
    await $('#field-title input').fill(TITLE)
    await $('#category-outage').tap()
    await $('#field-important taro-switch-core, #field-important input').first().tap()
    await $('#target-grids').tap()
    const grid = $('#grid-choices .chip').filter({ hasText: '青石第一网格' })
    await visible(grid)
    await grid.tap()
    await expect.poll(() => grid.getAttribute('aria-checked')).toBe('true')
    await $('#field-pinned taro-switch-core, #field-pinned input').first().tap() // pinned for a week by default
    await $('#field-body textarea').fill('12月3日（周三）8:00–18:00 青石花园1–4栋停水检修。\n**请提前储水**，关好水龙头。\n如有困难请联系网格员。')

    // one photo through Taro's own file input (chooseMedia), uploaded with progress
    const [chooser] = await Promise.all([page().waitForEvent('filechooser'), $('#image-picker-add').tap()])
    await chooser.setFiles({ name: 'notice.png', mimeType: 'image/png', buffer: makePng() })
    const uploaded = $('#image-picker .uploaded-photo img')
    await visible(uploaded)
    await expect.poll(() => uploaded.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0)
    await $('#compose-form .hero').scrollIntoViewIfNeeded()
    await shot('notice-compose.png')

    await $('#submit-notice').tap()
    await visible($('#compose-done'))
    await $('#view-notice').tap()
    await visible($('#notice-title').filter({ hasText: TITLE }))
    noticeId = Number(new URL(page().url().replace('#', '')).searchParams.get('id'))
    expect(noticeId).toBeGreaterThan(0)
    expect(await $('#notice-detail .badge').allTextContents()).toEqual(expect.arrayContaining(['重要', '停水停电']))

    // ---- resident1 (青石第一网格) sees it on 首页 with a message, and opens it
    await loginAs('resident1')
    await open('/pages/index/index')
    const item = $(`#home-notices #notice-${noticeId}`)
    await visible(item)
    expect(await item.locator('.badge').allTextContents()).toEqual(['置顶', '重要', '停水停电'])
    await visible($('#unread-count'))
    expect(Number(await $('#unread-count').textContent())).toBeGreaterThanOrEqual(1)
    await shot('home-notices.png')
    await item.tap()
    await visible($('#notice-title').filter({ hasText: TITLE }))
    await expect.poll(() => $('#read-state').textContent()).toContain('已阅')
    expect(await $('#notice-body').textContent()).toContain('请提前储水')
    expect(await $('#notice-body strong').textContent()).toBe('请提前储水')
    const photo = $('#notice-images img')
    await visible(photo)
    await expect.poll(() => photo.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0)
    await shot('notice-detail.png')

    // ---- the message centre has the notice's message; a tap marks it read and opens the notice
    await open('/pages/index/index')
    await $('#messages-entry').tap()
    const msg = $('.message').filter({ hasText: TITLE })
    await visible(msg)
    expect(await msg.getAttribute('class')).toContain('message--unread')
    await shot('messages.png')
    await msg.tap()
    await visible($('#notice-title').filter({ hasText: TITLE }))
    await open('/packages/messages/index/index')
    const read = $('.message').filter({ hasText: TITLE })
    await visible(read)
    expect(await read.getAttribute('class')).not.toContain('message--unread')

    // ---- resident2 (青石第二网格) does not see it, not even by its address
    await loginAs('resident2')
    await open('/packages/notices/list/index')
    await visible($('#notice-list .state--empty, #notice-list .notice-item').first())
    expect(await $(`#notice-${noticeId}`).count()).toBe(0)
    expect(await $('#notice-list').textContent()).not.toContain(TITLE)
    await open(`/packages/notices/detail/index?id=${noticeId}`)
    await visible($('#no-access'))
    expect(await $('#no-access').textContent()).toContain('无权查看')

    // ---- committee1 opens the read statistics: one household of 青石第一网格 has read it
    await loginAs('committee1')
    await open('/packages/workbench/notices/index')
    const managed = $(`#manage-${noticeId}`)
    await visible(managed)
    await managed.locator('.open-reads').tap()
    const row = $('.grid-reads').filter({ hasText: '青石第一网格' })
    await visible(row)
    expect(await row.locator('.grid-reads__count').textContent()).toMatch(/^已读 1 \/ \d+ 户$/)
    expect(await $('.grid-reads').count()).toBe(1) // targeted at one grid only
    await row.tap()
    await visible($('#unread-households .unread-household').first())
    expect(await $('#unread-households').textContent()).toMatch(/\*/) // occupants masked
    await shot('notice-reads.png')

    // ---- the grid worker of 青石第一网格 follows up from the notice itself
    await loginAs('grid1')
    await open(`/packages/notices/detail/index?id=${noticeId}`)
    await visible($('#open-reads'))
    await $('#open-reads').tap()
    const own = $('.grid-reads').filter({ hasText: '青石第一网格' })
    await visible(own)
    expect(await own.locator('.grid-reads__count').textContent()).toMatch(/^已读 1 \/ \d+ 户$/)

    expect(problems).toEqual([])
  })

  it('committee staff edit the notice (with its version) and withdraw it with a reason; residents no longer see it', async () => {
    expect(noticeId).toBeGreaterThan(0)
    await loginAs('committee1')
    await open('/packages/workbench/notices/index')
    const managed = $(`#manage-${noticeId}`)
    await visible(managed)
    await managed.locator('.btn').filter({ hasText: '编辑' }).tap()
    await visible($('#field-title input'))
    await expect.poll(() => $('#field-title input').inputValue()).toBe(TITLE)
    await expect.poll(() => $('#field-body textarea').inputValue()).toContain('**请提前储水**')
    expect(await $('#field-target').textContent()).toContain('发布范围不能再更改')
    await $('#field-title input').fill(EDITED)
    await $('#submit-notice').tap()
    await visible($('#compose-done').getByText('修改已保存'))
    await $('#back-to-manage').tap()

    const edited = $(`#manage-${noticeId}`).filter({ hasText: EDITED })
    await visible(edited)
    await edited.locator('.btn').filter({ hasText: '撤回' }).tap()
    await $(`#withdraw-reason-${noticeId} input`).fill('检修时间调整，另行通知')
    await edited.locator('.btn').filter({ hasText: '确认撤回' }).tap()
    const confirm = $('.taro__modal .taro-modal__foot').getByText('撤回', { exact: true })
    await visible(confirm)
    await confirm.tap()
    await visible(edited.locator('.tag').filter({ hasText: '已撤回' }))

    await loginAs('resident1')
    await open(`/packages/notices/detail/index?id=${noticeId}`)
    await visible($('#no-access'))
    expect(problems).toEqual([])
  })
})
