import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import { retryDeadlock, type RawTx, type Tx, type UnitOfWork } from '../../core/db.ts'
import { conflict, invalid, notFound } from '../../core/errors.ts'
import { shanghaiDay } from '../../core/time.ts'
import { notifyUsers } from '../messages/message.notify.ts'
import { announceState, audienceUserIds, topicLink } from './consultation.announce.ts'
import { outcomeDetail } from './consultation.decision.ts'
import type { ActionBody } from './consultation.outcome.schema.ts'
import { requireState } from './consultation.policy.ts'
import type { TopicRow } from './consultation.presenter.ts'
import { askToRate } from './consultation.ratings.ts'
import { loadManaged } from './consultation.service.ts'
import { changeState } from './consultation.transitions.ts'

/** Tells the topic's audience about its actions (a new one, progress, one done), inside the change's transaction. */
async function announceUpdate(tx: RawTx, deps: Deps, t: Pick<TopicRow, 'id' | 'title'>, key: string, body: string, now: Date) {
  await notifyUsers(tx, deps.config, {
    kind: 'consultation_update', resourceType: 'consultation', resourceId: `${t.id}:${key}`, userIds: await audienceUserIds(tx, t.id),
    title: `议题「${t.title}」落实进展`.slice(0, 100), body: body.slice(0, 500), link: topicLink(t.id), templateKey: 'consultation',
    payload: { title: t.title, state: '落实进展', time: now.toISOString() }, now,
  })
}

/** Locks the topic while it is `in_progress` (parallel action changes queue here), or 409 WRONG_STATE. */
async function lockInProgress(tx: Tx, id: number, what: string) {
  const locked = await tx.consultationTopic.updateMany({ where: { id, state: 'in_progress' }, data: { version: { increment: 1 } } })
  if (locked.count !== 1) requireState(await tx.consultationTopic.findUniqueOrThrow({ where: { id }, select: { state: true } }), 'in_progress', what)
}

async function loadAction(deps: Deps, topicId: number, aid: number) {
  const a = await deps.db.consultationAction.findFirst({ where: { id: aid, topicId } })
  if (!a) throw notFound('议定事项')
  return a
}

/**
 * POST /consultations/:id/actions: staff add an action (what, who, by when) once the topic is
 * decided; the first one moves it to `in_progress` (announced), later ones are announced as news.
 */
export async function addAction(deps: Deps, actor: Actor, id: number, input: z.output<typeof ActionBody>, origin: AuditOrigin, unitOfWork: UnitOfWork) {
  const t = await loadManaged(deps, actor, id)
  requireState(t, ['decided', 'in_progress'], '添加议定事项')
  const now = deps.now()
  if (input.dueDate < shanghaiDay(now)) throw invalid('dueDate', '完成期限不能早于今天')
  const create = async (tx: Tx) => {
    const sortOrder = await tx.consultationAction.count({ where: { topicId: id } })
    const a = await tx.consultationAction.create({ data: { topicId: id, title: input.title, owner: input.owner, dueOn: new Date(`${input.dueDate}T00:00:00Z`), sortOrder, createdAt: now } })
    await audit(tx, { actor, action: 'consultation.action_add', resourceType: 'consultation', resourceId: id, result: 'success', details: { actionId: a.id, title: input.title, owner: input.owner, dueDate: input.dueDate } }, origin)
    return a
  }
  if (t.state === 'decided') {
    await changeState(deps, actor, t, 'in_progress', null, origin, unitOfWork, async (tx) => { await create(tx) })
  } else {
    await retryDeadlock(deps, () => unitOfWork(async (tx) => {
      await lockInProgress(tx, id, '添加议定事项')
      const a = await create(tx)
      await announceUpdate(tx, deps, t, `action:${a.id}`, `新增议定事项：${input.title}（负责人：${input.owner}，${input.dueDate} 前完成）`, now)
    }))
  }
  return outcomeDetail(deps, actor, id)
}

/** POST /consultations/:id/actions/:aid/progress: staff post an update on an action still open; the audience is told. */
export async function postProgress(deps: Deps, actor: Actor, id: number, aid: number, body: string, origin: AuditOrigin) {
  const t = await loadManaged(deps, actor, id)
  requireState(t, 'in_progress', '更新进展')
  const a = await loadAction(deps, id, aid)
  const now = deps.now()
  await retryDeadlock(deps, () => deps.db.$transaction(async (tx) => {
    const open = await tx.consultationAction.updateMany({
      where: { id: aid, status: { not: 'completed' } }, data: { status: 'in_progress', version: { increment: 1 } },
    })
    if (open.count !== 1) throw conflict('ACTION_COMPLETED', `「${a.title}」已经完成，不能再更新进展`)
    const u = await tx.consultationActionUpdate.create({ data: { actionId: aid, authorId: actor.id, body, createdAt: now } })
    await announceUpdate(tx, deps, t, `progress:${u.id}`, `「${a.title}」：${body}`, now)
    await audit(tx, { actor, action: 'consultation.action_progress', resourceType: 'consultation', resourceId: id, result: 'success', details: { actionId: aid } }, origin)
  }))
  return outcomeDetail(deps, actor, id)
}

/**
 * POST /consultations/:id/actions/:aid/complete: staff mark an action done. The topic row is locked
 * first, so when the last open actions are completed at once exactly one of them sees none left:
 * that one completes the topic, announces it and asks everyone who took part to rate it.
 */
export async function completeAction(deps: Deps, actor: Actor, id: number, aid: number, origin: AuditOrigin) {
  const t = await loadManaged(deps, actor, id)
  const a = await loadAction(deps, id, aid)
  const twice = () => conflict('ACTION_COMPLETED', `「${a.title}」已经完成`)
  if (a.status === 'completed') throw twice()
  requireState(t, 'in_progress', '完成议定事项')
  const now = deps.now()
  await retryDeadlock(deps, () => deps.db.$transaction(async (tx) => {
    const locked = await tx.consultationTopic.updateMany({ where: { id, state: 'in_progress' }, data: { version: { increment: 1 } } })
    if (locked.count !== 1) {
      // Completed meanwhile: by this very action when it was the last one (a repeat), else say the state.
      if ((await tx.consultationAction.findUniqueOrThrow({ where: { id: aid }, select: { status: true } })).status === 'completed') throw twice()
      requireState(await tx.consultationTopic.findUniqueOrThrow({ where: { id }, select: { state: true } }), 'in_progress', '完成议定事项')
    }
    const done = await tx.consultationAction.updateMany({
      where: { id: aid, status: { not: 'completed' } }, data: { status: 'completed', completedAt: now, version: { increment: 1 } },
    })
    if (done.count !== 1) throw twice()
    await audit(tx, { actor, action: 'consultation.action_complete', resourceType: 'consultation', resourceId: id, result: 'success', details: { actionId: aid } }, origin)
    const left = await tx.consultationAction.count({ where: { topicId: id, status: { not: 'completed' } } })
    if (left > 0) {
      await announceUpdate(tx, deps, t, `done:${aid}`, `「${a.title}」已完成，还有 ${left} 项正在落实。`, now)
      return
    }
    await tx.consultationTopic.update({ where: { id }, data: { state: 'completed', stateChangedAt: now } })
    await announceState(tx, deps, t, 'completed', now)
    await askToRate(tx, deps, t, now)
    await audit(tx, { actor, action: 'consultation.completed', resourceType: 'consultation', resourceId: id, result: 'success', details: { from: 'in_progress', to: 'completed', lastActionId: aid } }, origin)
  }))
  return outcomeDetail(deps, actor, id)
}
