import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import type { Tx } from '../../core/db.ts'
import { conflict, forbidden, notFound } from '../../core/errors.ts'
import { authorize } from '../../core/policy.ts'
import { notifyUsers } from '../messages/message.notify.ts'
import { assertNotRefused, moderateText } from '../moderation/moderation.ts'
import { disclosurePolicy, moderatesQuestions } from './disclosure.policy.ts'
import { presentQuestion, type QuestionRow } from './disclosure.presenter.ts'
import { loadReadable } from './disclosure.service.ts'

/** The mini-program page of one item (messages link to it). */
export const disclosureLink = (id: number) => `/packages/disclosures/detail/index?id=${id}`

const questionSelect = {
  id: true, disclosureId: true, askerId: true, body: true, status: true, statusReason: true, answer: true, answeredAt: true, createdAt: true,
  asker: { select: { displayName: true } },
} as const

async function loadQuestion(db: Deps['db'] | Tx, id: number, qid: number) {
  const q = await db.disclosureQuestion.findFirst({ where: { id: qid, disclosureId: id }, select: questionSelect })
  if (!q) throw notFound('问题')
  return q
}

/**
 * A resident of the community asks a question on an item. The text goes through the moderation
 * decision first (outside any transaction: it may call WeChat): refused → 422 (503 when the check
 * could not run and the configuration refuses then); held → kept, shown only to its asker and staff
 * until staff publish or hide it; otherwise public at once.
 */
export async function askQuestion(deps: Deps, actor: Actor, id: number, body: string, origin: AuditOrigin) {
  const d = await loadReadable(deps.db, actor, id)
  authorize(actor, disclosurePolicy.ask, { communityId: d.communityId, streetId: d.community.streetId, status: d.status })
  const decision = assertNotRefused(await moderateText(deps, { userId: actor.id, text: body, scene: 'comment' }), 'body')
  const held = decision.outcome === 'hold'
  const q = await deps.db.$transaction(async (tx) => {
    const row = await tx.disclosureQuestion.create({
      data: { disclosureId: id, askerId: actor.id, body, status: held ? 'held' : 'published', statusReason: held ? decision.reason : null, createdAt: deps.now() },
      select: questionSelect,
    })
    await audit(tx, {
      actor, action: 'disclosure.question.ask', resourceType: 'disclosure_question', resourceId: row.id, result: 'success',
      details: { disclosureId: id, outcome: decision.outcome, label: decision.label },
    }, origin)
    return row
  })
  return presentQuestion(q, actor, d.communityId)
}

/** Loads an item and one of its questions for the staff who moderate them (404 to strangers, 403 to other readers). */
async function forModerator(deps: Deps, actor: Actor, id: number, qid: number, what: string) {
  const d = await loadReadable(deps.db, actor, id)
  if (!moderatesQuestions(actor, d.communityId)) throw forbidden(`只有本社区工作人员可以${what}`)
  return { d, q: await loadQuestion(deps.db, id, qid) }
}

/**
 * Staff answer a published question once; the answer is public and the asker is told (message
 * centre, and a subscribe message where granted) in the same transaction.
 */
export async function answerQuestion(deps: Deps, actor: Actor, id: number, qid: number, answer: string, origin: AuditOrigin) {
  const { d } = await forModerator(deps, actor, id, qid, '答复问题')
  const now = deps.now()
  const q = await deps.db.$transaction(async (tx) => {
    const r = await tx.disclosureQuestion.updateMany({ where: { id: qid, status: 'published', answeredAt: null }, data: { answer, answeredById: actor.id, answeredAt: now } })
    if (r.count !== 1) {
      const cur = await loadQuestion(tx, id, qid)
      if (cur.answeredAt) throw conflict('QUESTION_ANSWERED', '该问题已答复')
      throw conflict('QUESTION_NOT_PUBLISHED', '该问题尚未公开（待审核或已隐藏），请先公开再答复')
    }
    const row = await loadQuestion(tx, id, qid)
    await notifyUsers(tx, deps.config, {
      kind: 'disclosure_answer', resourceType: 'disclosure_question', resourceId: String(qid), userIds: [row.askerId],
      title: '您的提问已答复', body: `您对「${d.title}」的提问已有答复：${answer}`, link: disclosureLink(id),
      templateKey: 'disclosure', payload: { title: d.title, time: now.toISOString() }, now,
    })
    await audit(tx, { actor, action: 'disclosure.question.answer', resourceType: 'disclosure_question', resourceId: qid, result: 'success', details: { disclosureId: id } }, origin)
    return row
  })
  return presentQuestion(q, actor, d.communityId)
}

/**
 * Staff change what becomes of a question: publish a held (or hidden) one, or hide one with a
 * reason the asker sees (and is told).
 */
export async function moderateQuestion(
  deps: Deps, actor: Actor, id: number, qid: number, to: { status: 'published' } | { status: 'hidden'; reason: string }, origin: AuditOrigin,
) {
  const { d, q: before } = await forModerator(deps, actor, id, qid, to.status === 'hidden' ? '隐藏问题' : '公开问题')
  if (before.status === to.status) throw conflict('QUESTION_UNCHANGED', to.status === 'hidden' ? '该问题已隐藏' : '该问题已公开')
  const now = deps.now()
  const q = await deps.db.$transaction(async (tx) => {
    const reason = to.status === 'hidden' ? to.reason : null
    const r = await tx.disclosureQuestion.updateMany({ where: { id: qid, status: before.status }, data: { status: to.status, statusReason: reason } })
    if (r.count !== 1) throw conflict('QUESTION_CHANGED', '问题状态已变化，请刷新')
    if (to.status === 'hidden') {
      await notifyUsers(tx, deps.config, {
        kind: 'disclosure_question_hidden', resourceType: 'disclosure_question', resourceId: String(qid), userIds: [before.askerId],
        title: '您的提问已被隐藏', body: `您对「${d.title}」的提问已被隐藏，原因：${to.reason}`, link: disclosureLink(id),
        templateKey: 'disclosure', payload: { title: d.title, time: now.toISOString() }, now,
      })
    }
    await audit(tx, {
      actor, action: to.status === 'hidden' ? 'disclosure.question.hide' : 'disclosure.question.publish', resourceType: 'disclosure_question',
      resourceId: qid, result: 'success', details: { disclosureId: id, from: before.status, ...(reason ? { reason } : {}) },
    }, origin)
    return loadQuestion(tx, id, qid)
  })
  return presentQuestion(q as QuestionRow, actor, d.communityId)
}
