import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import type { UnitOfWork } from '../../core/db.ts'
import { conflict, invalid } from '../../core/errors.ts'
import { shanghaiDay } from '../../core/time.ts'
import { inAudience, managesCommunity, requireState } from './consultation.policy.ts'
import type { TopicRow } from './consultation.presenter.ts'
import { ACTION_STATUS_LABELS, type DecisionBody } from './consultation.outcome.schema.ts'
import { ratingSummary } from './consultation.ratings.ts'
import { METHOD_LABELS, STATE_LABELS } from './consultation.schema.ts'
import { loadManaged, loadVisible } from './consultation.service.ts'
import { changeState } from './consultation.transitions.ts'
import { requireVoteEnded, voteEnded } from './consultation.vote.ts'

const day = (d: Date) => d.toISOString().slice(0, 10)

/**
 * GET /consultations/:id/outcome: the decision (a meeting's resolution or the vote's outcome), the
 * actions with their progress updates, the ratings, and the caller's buttons.
 */
export async function outcomeDetail(deps: Deps, actor: Actor, id: number, loaded?: TopicRow) {
  const t = loaded ?? await loadVisible(deps, actor, id)
  const staff = managesCommunity(actor, t.communityId)
  const now = deps.now()
  const [meeting, vote, actions, ratings] = await Promise.all([
    deps.db.consultationMeeting.findUnique({ where: { topicId: id } }),
    deps.db.consultationVote.findUnique({ where: { topicId: id }, select: { outcome: true, closedAt: true, status: true, closesAt: true } }),
    deps.db.consultationAction.findMany({
      where: { topicId: id }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
      include: { updates: { orderBy: { id: 'asc' }, include: { author: { select: { displayName: true } } } } },
    }),
    ratingSummary(deps.db, actor, id, staff),
  ])
  const decision = meeting
    ? { method: 'meeting' as const, methodLabel: METHOD_LABELS.meeting, meetingDate: day(meeting.heldOn), attendees: meeting.attendees, resolution: meeting.resolution, recordedAt: meeting.createdAt.toISOString() }
    : vote?.outcome
      ? { method: 'vote' as const, methodLabel: METHOD_LABELS.vote, meetingDate: null, attendees: null, resolution: vote.outcome, recordedAt: (vote.closedAt ?? t.stateChangedAt).toISOString() }
      : null
  const canDecide = (t.decisionMethod === 'meeting' && t.state === 'discussion')
    || (t.decisionMethod === 'vote' && t.state === 'voting' && !!vote && voteEnded(vote, now))
  return {
    topicId: id, state: t.state, stateLabel: STATE_LABELS[t.state], decision,
    actions: actions.map((a) => ({
      id: a.id, title: a.title, owner: a.owner, dueDate: day(a.dueOn), status: a.status, statusLabel: ACTION_STATUS_LABELS[a.status],
      completedAt: a.completedAt?.toISOString() ?? null,
      updates: a.updates.map((u) => ({ id: u.id, body: u.body, author: u.author.displayName, createdAt: u.createdAt.toISOString() })),
    })),
    ratings,
    allowedActions: {
      decide: staff && canDecide,
      addAction: staff && (t.state === 'decided' || t.state === 'in_progress'),
      updateActions: staff && t.state === 'in_progress',
      rate: inAudience(actor, t) && t.state === 'completed' && !ratings.mine,
    },
  }
}

/**
 * POST /consultations/:id/decision: for a `meeting` topic in discussion, the meeting's date,
 * attendance and resolution; for a `vote` topic whose vote has ended, the outcome text. The topic
 * becomes `decided` (its audience told) in the same transaction.
 */
export async function recordDecision(deps: Deps, actor: Actor, id: number, input: z.output<typeof DecisionBody>, origin: AuditOrigin, unitOfWork: UnitOfWork) {
  const t = await loadManaged(deps, actor, id)
  const now = deps.now()
  if (t.decisionMethod === 'meeting') {
    requireState(t, 'discussion', '记录会议决议')
    if (!input.meetingDate) throw invalid('meetingDate', '请填写会议日期')
    if (input.attendees === undefined) throw invalid('attendees', '请填写参会人数')
    if (input.meetingDate > shanghaiDay(now)) throw invalid('meetingDate', '会议日期不能晚于今天')
    await changeState(deps, actor, t, 'decided', null, origin, unitOfWork, async (tx) => {
      await tx.consultationMeeting.create({ data: { topicId: id, heldOn: new Date(`${input.meetingDate}T00:00:00Z`), attendees: input.attendees!, resolution: input.resolution, recordedById: actor.id, createdAt: now } })
      await audit(tx, { actor, action: 'consultation.decision', resourceType: 'consultation', resourceId: id, result: 'success', details: { method: 'meeting', meetingDate: input.meetingDate, attendees: input.attendees } }, origin)
    })
  } else if (t.decisionMethod === 'vote') {
    requireState(t, 'voting', '记录表决结果')
    if (input.meetingDate || input.attendees !== undefined) throw invalid(input.meetingDate ? 'meetingDate' : 'attendees', '投票表决的议题只需填写结果')
    if (!(await deps.db.consultationVote.findUnique({ where: { topicId: id }, select: { topicId: true } }))) throw conflict('NO_VOTE', '这个议题还没有设置投票')
    await requireVoteEnded(deps.db, id, now)
    await changeState(deps, actor, t, 'decided', null, origin, unitOfWork, async (tx) => {
      await tx.consultationVote.update({ where: { topicId: id }, data: { outcome: input.resolution } })
      await audit(tx, { actor, action: 'consultation.decision', resourceType: 'consultation', resourceId: id, result: 'success', details: { method: 'vote' } }, origin)
    })
  } else {
    throw conflict('WRONG_METHOD', '这个议题仅协商、不表决：请直接把它改为「已议定」')
  }
  return outcomeDetail(deps, actor, id)
}
