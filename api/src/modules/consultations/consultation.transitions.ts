import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import { retryDeadlock, type Tx, type UnitOfWork } from '../../core/db.ts'
import { conflict, invalid } from '../../core/errors.ts'
import { announceState } from './consultation.announce.ts'
import { allowedTransition, nextStates } from './consultation.policy.ts'
import type { TopicRow } from './consultation.presenter.ts'
import { STATE_LABELS, type TopicState } from './consultation.schema.ts'
import { loadManaged, topicDetail } from './consultation.service.ts'
import { askToRate } from './consultation.ratings.ts'
import { finalizeVote, openVote } from './consultation.vote.ts'

/**
 * Moves a loaded topic from its current state to `to` in one transaction: a conditional update on
 * the state read (409 WRONG_STATE if someone moved it first), the announcement to its audience and
 * the audit row. `actor` null: the job. Moving to `voting` opens the topic's vote; leaving `voting`
 * closes it. `alsoInTx`: what the caller records with the change (a decision, the first action).
 */
export async function changeState(
  deps: Deps, actor: Actor | null, t: Pick<TopicRow, 'id' | 'title' | 'state' | 'createdById'>, to: TopicState, reason: string | null,
  origin: AuditOrigin, unitOfWork: UnitOfWork, alsoInTx?: (tx: Tx) => Promise<void>,
) {
  const now = deps.now()
  await retryDeadlock(deps, () => unitOfWork(async (tx) => {
    const changed = await tx.consultationTopic.updateMany({
      where: { id: t.id, state: t.state },
      data: {
        state: to, stateChangedAt: now, version: { increment: 1 },
        ...(to === 'closed' ? { closedReason: reason } : {}),
        ...(to === 'discussion' ? { discussionStartsAt: now } : {}),
      },
    })
    if (changed.count !== 1) throw conflict('WRONG_STATE', '议题状态刚刚已被改变，请刷新后再试')
    if (to === 'voting') await openVote(tx, t.id, now)
    if (t.state === 'voting') await finalizeVote(tx, t.id, now)
    await alsoInTx?.(tx)
    if (to === 'completed') await askToRate(tx, deps, t, now)
    await announceState(tx, deps, t, to, now, to === 'closed' ? reason : null)
    await audit(tx, {
      actor, action: `consultation.${to}`, resourceType: 'consultation', resourceId: t.id, result: 'success',
      details: { from: t.state, to, ...(reason ? { reason } : {}) },
    }, origin)
  }))
}

/** POST /consultations/:id/transitions: staff move the topic along its allowed transitions; 409 names the current state. */
export async function transitionTopic(deps: Deps, actor: Actor, id: number, to: TopicState, reason: string | undefined, origin: AuditOrigin, unitOfWork: UnitOfWork) {
  const t = await loadManaged(deps, actor, id)
  if (to === 'decided' && ((t.decisionMethod === 'meeting' && t.state === 'discussion') || (t.decisionMethod === 'vote' && t.state === 'voting'))) {
    throw conflict('USE_DECISION', t.decisionMethod === 'meeting'
      ? '会议议定的议题请「记录会议决议」（会议日期、参会人数和决议内容），记录后即为「已议定」'
      : '投票表决的议题请在投票结束后「记录表决结果」，记录后即为「已议定」', { current: t.state, method: t.decisionMethod })
  }
  if (!allowedTransition(t, to)) {
    const allowed = nextStates(t)
    const hint = allowed.length ? `，可改为：${allowed.map((s) => `「${STATE_LABELS[s]}」`).join('、')}` : ''
    throw conflict('WRONG_STATE', `议题当前为「${STATE_LABELS[t.state]}」，不能改为「${STATE_LABELS[to]}」${hint}`, { current: t.state, to, allowed })
  }
  if (to === 'closed' && !reason) throw invalid('reason', '关闭议题须说明原因')
  if (to === 'voting' && !(await deps.db.consultationVote.findUnique({ where: { topicId: id }, select: { topicId: true } }))) {
    throw conflict('NO_VOTE', '请先设置表决（选项、截止时间和计票方式），再开始表决')
  }
  if (to === 'completed') {
    const open = await deps.db.consultationAction.count({ where: { topicId: id, status: { not: 'completed' } } })
    if (open) throw conflict('ACTIONS_OPEN', `还有 ${open} 项议定事项没有完成，全部完成后议题会自动变为「已完成」`, { open })
  }
  await changeState(deps, actor, t, to, reason ?? null, origin, unitOfWork)
  return topicDetail(deps, actor, id)
}

/** POST /consultations/:id/adopt: staff open a proposal for discussion whatever its support. */
export async function adoptTopic(deps: Deps, actor: Actor, id: number, origin: AuditOrigin, unitOfWork: UnitOfWork) {
  const t = await loadManaged(deps, actor, id)
  if (t.state !== 'gathering') {
    throw conflict('WRONG_STATE', `只有「${STATE_LABELS.gathering}」的议题可以采纳，当前为「${STATE_LABELS[t.state]}」`, { current: t.state, needed: ['gathering'] })
  }
  await changeState(deps, actor, t, 'discussion', null, origin, unitOfWork)
  return topicDetail(deps, actor, id)
}

/**
 * The expiry job: proposals still gathering support past their deadline become `expired`,
 * each in its own transaction (conditional on the state, so several instances expire each once).
 */
export async function expireProposals(deps: Deps, limit = 100): Promise<number> {
  const now = deps.now()
  const due = await deps.db.consultationTopic.findMany({
    where: { state: 'gathering', supportDeadline: { lte: now } },
    select: { id: true, title: true, state: true, createdById: true }, orderBy: { id: 'asc' }, take: limit,
  })
  let expired = 0
  const origin = { ip: null, userAgent: null, requestId: 'job:consultation-expiry' }
  for (const t of due) {
    try {
      await changeState(deps, null, t, 'expired', null, origin, (e) => deps.db.$transaction(e))
      expired++
    } catch (e) {
      if ((e as { code?: string }).code !== 'WRONG_STATE') throw e
    }
  }
  return expired
}
