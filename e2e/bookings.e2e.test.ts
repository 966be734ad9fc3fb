import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Portal } from './support/portal.ts'

const portal = new Portal()
const { $, visible, shot, problems, loginAs, open, fill, modalButton } = portal
/** The tab the helpers act on. */
const page = () => portal.page

/** The booking id of the detail page on screen (`…/detail/index?id=12`). */
const detailId = () => Number(new URL(page().url().replace('#', '')).searchParams.get('id'))

/**
 * 办事 → 居住证办理 → the first bookable slot → 确认预约; returns the new booking's id and its
 * code as the detail page shows it.
 */
async function bookFirstSlot(sheetShot?: string): Promise<{ id: number; code: string; slotId: number }> {
  await open('/pages/services/index')
  const service = $('#service-list .item').filter({ hasText: '居住证办理' })
  await visible(service)
  expect(await service.textContent()).toContain('社区服务中心 1号窗口')
  await service.tap()
  await visible($('#service-rules'))
  const slot = $('#slot-calendar .booking-slot:not(.booking-slot--disabled)').first()
  await visible(slot)
  const slotId = Number((await slot.getAttribute('id'))!.replace('slot-', ''))
  await slot.tap()
  await visible($('#booking-sheet'))
  if (sheetShot) await shot(sheetShot)
  const created = page().waitForResponse((r) => r.url().endsWith('/api/v1/bookings') && r.request().method() === 'POST')
  await $('#confirm-booking').tap()
  expect((await created).status()).toBe(201)
  await visible($('#booking-detail'))
  const code = (await $('#booking-code').textContent())!.trim()
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/)
  return { id: detailId(), code, slotId }
}

describe('service appointments (预约办事), end to end in the H5 portal', () => {
  beforeAll(async () => {
    await portal.start()
  })
  afterAll(async () => portal.close())

  it('resident2 books 居住证办理, sees the code and QR, cancels; books again; committee1 checks the booking in by its code at 预约窗口; resident2 sees 已签到', async () => {
    // ---- resident2 opens 办事: the first community's services, with fee and window
    await loginAs('resident2')
    await open('/pages/services/index')
    await visible($('#service-list .item').first())
    await shot('services-tab.png')

    // ---- the service page: rules, the materials checklist (ticks kept), the calendar
    await $('#service-list .item').filter({ hasText: '居住证办理' }).tap()
    await visible($('#service-rules'))
    await visible($('#materials-ready').getByText(/^已备齐 0\/4$/))
    await $('#materials-item-0').tap()
    await visible($('#materials-ready').getByText(/^已备齐 1\/4$/))
    await visible($('#slot-calendar .booking-slot').first())
    expect(await $('#slot-calendar .booking-slot:not(.booking-slot--disabled)').first().textContent()).toMatch(/余 \d+/)
    await shot('booking-service.png')

    // ---- book the first slot with room: the detail shows the booking code and its QR code
    const first = await bookFirstSlot('booking-sheet.png')
    await visible($('#booking-status').getByText('已预约'))
    await visible($('#booking-qr'))
    expect(await $('#booking-qr').getAttribute('aria-label')).toBe(`预约码 ${first.code} 的二维码`)
    expect(await $('#booking-qr .qr__row').count()).toBeGreaterThanOrEqual(21)
    await visible($('#booking-place').getByText('社区服务中心 1号窗口'))
    await visible($('#materials-ready').getByText(/^已备齐 1\/4$/)) // the same ticks as on the service page
    await shot('booking-detail.png')

    // ---- cancel, after the confirmation dialog
    await $('#booking-cancel').tap()
    await modalButton('确定取消')
    await visible($('#booking-status').getByText('已取消'))
    await visible($('#booking-cancelled'))
    expect(await $('#booking-qr').count()).toBe(0)
    await shot('booking-cancelled.png')

    // ---- 我的预约 lists it under 历史预约
    await open('/packages/bookings/mine/index')
    await $('#when-past').tap()
    await visible($(`#booking-${first.id}`).getByText('已取消'))

    // ---- book again: the seat freed by the cancellation is free again
    const second = await bookFirstSlot()
    expect(second.id).not.toBe(first.id)
    expect(second.code).not.toBe(first.code)
    await visible($('#booking-status').getByText('已预约'))
    await open('/packages/bookings/mine/index')
    await visible($(`#booking-${second.id}`).getByText(second.code, { exact: false }))
    await shot('my-bookings.png')

    // ---- the window opens check-in an hour before the slot: move the server's clock to 30 minutes before it
    const slot = await portal.server.deps.db.serviceSlot.findUniqueOrThrow({ where: { id: second.slotId } })
    const wait = slot.startsAt.getTime() - 30 * 60_000 - portal.server.clock.now().getTime()
    if (wait > 0) portal.server.clock.advance(wait)

    // ---- committee1: 工作台 → 预约窗口, looks the code up and checks the booking in
    await loginAs('committee1')
    await $('#open-workbench').tap()
    await $('#open-service-desk').tap()
    await visible($('#desk-code'))
    await fill('desk-code', second.code.toLowerCase())
    await $('#desk-lookup').tap()
    await visible($('#desk-booking'))
    expect(await $('#desk-booking').textContent()).toContain('居住证办理')
    await shot('desk-lookup.png')
    await $('#desk-checkin').tap()
    await visible($('#desk-booking-status').getByText('已签到'))

    // ---- resident2 sees 已签到 on the booking
    await loginAs('resident2')
    await open(`/packages/bookings/detail/index?id=${second.id}`)
    await visible($('#booking-status').getByText('已签到'))
    expect(await $('#booking-code').textContent()).toBe(second.code)
    await shot('booking-checked-in.png')

    expect(problems).toEqual([])
  })
})
