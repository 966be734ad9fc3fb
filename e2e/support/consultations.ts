import { expect } from 'vitest'
import { electionSteps } from './elections.ts'
import type { Portal } from './portal.ts'

/** The manage page (管理议题) and the resident's detail page (议题详情) of one topic. */
export const topicAdminPage = (id: number) => `/packages/workbench/consultations/manage/index?id=${id}`
export const topicPage = (id: number) => `/packages/consultations/detail/index?id=${id}`

/** What the API answers for a topic's vote and outcome (the fields the journey checks). */
export type VoteTotals = { status: string; ballotsCount: number | null; choices: { id: number; label: string; count: number | null }[] }
export type Outcome = {
  state: string
  decision: { resolution: string } | null
  actions: { id: number; title: string; owner: string; dueDate: string; status: string; updates: { body: string }[] }[]
  ratings: { total: number; counts: { rating: string; label: string; count: number }[]; comments: { comment: string; label: string }[] }
}

/**
 * 协商议事 helpers over one Portal, on top of the election helpers (`tap` settles first and waits
 * for toasts, `tapAndConfirm` answers the showModal, `write` fills a Taro Textarea, `api` GETs as someone).
 */
export function consultationSteps(portal: Portal) {
  const { $, visible, open, settled } = portal
  const { tap, tapAndConfirm, write, api } = electionSteps(portal)

  /** The manage page's state tag reads `label` (讨论中, 表决中…). */
  const adminStateIs = (label: string) => visible($('#wb-topic-state').getByText(label, { exact: true }))
  /** The detail page's state tag reads `label`. */
  const stateIs = (label: string) => visible($('#topic-state').getByText(label, { exact: true }))

  /**
   * A Taro date Picker inside the Field `#fieldId`: its popup's 确定 takes the date it starts on
   * (the Picker's `start`, today). Returns the date shown.
   */
  const pickFirstDate = async (fieldId: string): Promise<string> => {
    const confirm = $('.weui-picker__action').getByText('确定', { exact: true })
    await settled()
    await $(`#${fieldId} .picker-value`).tap()
    await visible(confirm)
    await settled()
    await confirm.tap()
    await expect.poll(() => $(`#${fieldId} .picker-value`).textContent()).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    return (await $(`#${fieldId} .picker-value`).textContent())!
  }

  /** A resident: 议事 tab → the topic's row (its title and state `state`) → 议题详情. */
  const openFromTab = async (id: number, title: string, state: string) => {
    await open('/pages/consultation/index')
    const row = $(`#topics-section #topic-${id}`)
    await visible(row.getByText(title))
    await visible(row.getByText(state, { exact: true }))
    await tap(`topic-${id}`)
    await visible($('#topic-head').getByText(title))
    await stateIs(state)
  }

  /** Committee staff: 我的 → 工作台 → 议题管理 → the topic's row (state `state`) → 管理议题. */
  const manageFromWorkbench = async (id: number, title: string, state: string) => {
    await open('/pages/mine/index')
    await tap('open-workbench')
    await tap('open-consultation-manage')
    const row = $(`#wb-topic-list #topic-${id}`)
    await visible(row.getByText(state, { exact: true }))
    await tap(`topic-${id}`)
    await visible($('#wb-topic-head').getByText(title))
    await adminStateIs(state)
  }

  /** Posts an opinion with a stance (赞成 for, 反对 against, 其他 other) from the topic page; it then heads the list. */
  const opine = async (stance: 'for' | 'against' | 'other', body: string) => {
    await tap(`opinion-stance-${stance}`)
    await expect.poll(() => $(`#opinion-stance-${stance}`).getAttribute('aria-checked')).toBe('true')
    await write('opinion-body', body)
    await tap('opinion-submit')
    await visible($('#discussion .opinion').first().getByText(body, { exact: true }))
  }

  /** Casts the ballot `choice` (its label) on the topic page, confirmed; the page then shows it as mine. */
  const vote = async (choiceId: number, label: string) => {
    await visible($('#vote-card #vote-status').getByText('投票中', { exact: true }))
    await tap(`vote-choice-${choiceId}`)
    await expect.poll(() => $(`#vote-choice-${choiceId}`).getAttribute('aria-checked')).toBe('true')
    await tapAndConfirm('vote-submit', '投票')
    await visible($('#my-ballot').getByText(`您已投票：${label}`, { exact: true }))
    expect(await $('#vote-submit').count()).toBe(0)
  }

  return { tap, tapAndConfirm, write, api, adminStateIs, stateIs, pickFirstDate, openFromTab, manageFromWorkbench, opine, vote }
}
