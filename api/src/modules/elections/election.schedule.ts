import type { AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import { AppError } from '../../core/errors.ts'
import { communityStaff } from '../bookings/booking.notify.ts'
import { notifyUsers } from '../messages/message.notify.ts'
import { closeLoaded, electionLink, openLoaded } from './election.phases.ts'
import { nextPhase } from './election.policy.ts'
import { PHASE_LABELS } from './election.schema.ts'
import { electionById } from './election.service.ts'

const ORIGIN: AuditOrigin = { ip: null, userAgent: 'election-schedule', requestId: 'job:election-schedule' }

/**
 * The election job: phases open and close at their scheduled times. An election follows its
 * schedule once staff have taken it past the draft (opening 公布条件 is staff's act of publishing
 * it). The current phase closes at its end (a voting phase's round is closed and counted, and a
 * counted formal vote moves to 计票); the next phase opens at its start. Every change runs the same
 * checks as staff's (roll closed before 报名, 差额 before a vote…); a refused one is told once to the
 * community's committee staff and retried on the next run. Safe on N processes: each change is
 * conditional on the election's version or the phase's closed time.
 */
export async function runElectionSchedule(deps: Deps): Promise<{ opened: number; closed: number; refused: number }> {
  const now = deps.now()
  const due = await deps.db.$queryRaw<{ id: number }[]>`SELECT DISTINCT e.id FROM elections e JOIN election_phases p ON p.election_id = e.id
    WHERE e.phase NOT IN ('draft', 'published')
      AND ((p.phase = e.phase AND p.ends_at <= ${now} AND p.closed_at IS NULL) OR (p.starts_at <= ${now} AND p.opened_at IS NULL))
    ORDER BY e.id LIMIT 100`
  const unitOfWork = <T>(effect: Parameters<typeof deps.db.$transaction>[0]) => deps.db.$transaction(effect) as Promise<T>
  const tally = { opened: 0, closed: 0, refused: 0 }
  for (const { id } of due) {
    let e = await electionById(deps.db, Number(id))
    if (!e) continue
    const step = async (what: 'open' | 'close', phase: NonNullable<ReturnType<typeof nextPhase>>) => {
      try {
        if (what === 'close') await closeLoaded(deps, e!, phase, null, ORIGIN, unitOfWork)
        else await openLoaded(deps, e!, phase, null, ORIGIN, unitOfWork)
        tally[what === 'open' ? 'opened' : 'closed']++
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err
        if (err.code === 'VERSION_CONFLICT' || err.code === 'PHASE_CLOSED') return // another process or staff did it
        tally.refused++
        deps.log.warn('election phase not changed on schedule', { electionId: e!.id, phase, code: err.code })
        await deps.db.$transaction(async (tx) => notifyUsers(tx, deps.config, {
          kind: 'election_schedule', resourceType: 'election', resourceId: `${e!.id}:${what}:${phase}`,
          userIds: await communityStaff(tx, e!.communityId),
          title: `「${e!.title}」${PHASE_LABELS[phase]}未能按时${what === 'open' ? '开始' : '结束'}`,
          body: `${err.message}。请处理后在工作台手动${what === 'open' ? '开启' : '结束'}该阶段。`,
          link: electionLink(e!.id), templateKey: 'election', payload: { title: e!.title, phase: PHASE_LABELS[phase], time: now.toISOString() }, now,
        }))
      }
    }
    const current = e.phases.find((p) => p.phase === e!.phase)
    if (current?.endsAt && current.endsAt <= now && !current.closedAt && e.phase !== 'counting') await step('close', current.phase)
    e = await electionById(deps.db, Number(id))
    const next = e ? nextPhase(e) : null
    const upcoming = next ? e!.phases.find((p) => p.phase === next) : undefined
    if (next && upcoming?.startsAt && upcoming.startsAt <= now && !upcoming.openedAt) await step('open', next)
  }
  return tally
}
