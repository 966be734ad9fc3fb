import { expect } from 'vitest'
import type { Portal } from './portal.ts'

/** The manage page (管理选举) and the resident's detail page of one election. */
export const adminPage = (id: number) => `/packages/workbench/election/index?id=${id}`
export const detailPage = (id: number) => `/packages/elections/detail/index?id=${id}`

/** The `?id=` of the page on screen (`…/election/index?id=12`). */
export function pageId(portal: Portal): number {
  return Number(new URL(portal.page.url().replace('#', '')).searchParams.get('id'))
}

/** Election helpers over one Portal: taps that settle first, the phase label, the API as staff. */
export function electionSteps(portal: Portal) {
  const { $, visible, settled, modalButton } = portal

  /**
   * Settles (a tap lands where the element was when measured) and waits for a toast (已添加,
   * 已开启…) to fade, as a person would; then taps `#id`.
   */
  const tap = async (id: string) => {
    const el = $(`#${id}`)
    await visible(el)
    await portal.page.locator('.taro__toast:visible').first().waitFor({ state: 'hidden' })
    await settled()
    await portal.tapSteady(el)
  }

  /** Taps `#id`, then the button `confirm` of the showModal it opens. */
  const tapAndConfirm = async (id: string, confirm: string) => {
    await tap(id)
    await modalButton(confirm)
  }

  /** Waits until the manage page's (or the detail page's) phase tag reads `label`. */
  const phaseIs = (label: string) => visible($('#election-phase').getByText(label, { exact: true }))

  /** 管理选举 → 开启下一阶段：`label`, confirmed; the phase tag then reads it. */
  const openNext = async (label: string) => {
    await visible($('#open-next').getByText(`开启下一阶段：${label}`))
    await tapAndConfirm('open-next', '开启')
    await phaseIs(label)
  }

  /** Types into a Taro Textarea (the real <textarea> inside `#id`). */
  const write = (id: string, text: string) => $(`#${id} textarea`).fill(text)

  /** A GET of the API as `username` (a signed token, as the app holds): the response's `data`. */
  const api = async <T = any>(username: string, path: string): Promise<T> => {
    const client = await portal.server.as(username)
    const res = await client.request<{ data: T }>('GET', `/api/v1${path}`)
    expect(res.status, `GET ${path}`).toBe(200)
    return res.body.data
  }

  return { tap, tapAndConfirm, phaseIs, openNext, write, api }
}
