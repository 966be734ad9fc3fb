import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Portal } from './support/portal.ts'

const portal = new Portal()
const { $, visible, open, loginAs, problems } = portal

/** Forgets the stored session, as on a phone that never logged in. */
const logOut = () => portal.page.evaluate(() => localStorage.removeItem('llt.session'))

describe('a shared link opened in the H5 portal', () => {
  let link = ''

  beforeAll(async () => {
    await portal.start()
    // The link a resident of 青石社区 would share: one of its 三务公开 items.
    await loginAs('resident1')
    await open('/packages/disclosures/list/index')
    const first = $('.disclosure-item').first()
    await visible(first)
    const id = Number((await first.getAttribute('id'))!.replace('disclosure-', ''))
    expect(id).toBeGreaterThan(0)
    link = `/packages/disclosures/detail/index?id=${id}`
  })
  afterAll(async () => portal.close())

  it('opened without a login: the login page, then back to the same item', async () => {
    await logOut()
    await open(link)
    const account = $('#demo-resident2')
    await visible(account)
    await portal.settled()
    await account.tap()
    await visible($('#disclosure-detail'))
    expect(await $('#no-access').count()).toBe(0)
    expect(problems).toEqual([])
  })

  it('opened by a resident of another community: 无权查看 with 回到首页, not an error', async () => {
    await loginAs('resident16')
    await open(link)
    await visible($('#no-access'))
    expect(await $('#no-access').textContent()).toContain('无权查看')
    expect(await $('.state--error').count()).toBe(0)
    await $('#no-access-home').tap()
    await expect.poll(() => portal.page.url()).toContain('/pages/index/index')
    expect(problems).toEqual([])
  })
})
