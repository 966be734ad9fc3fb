import { randomUUID } from 'node:crypto'
import type { Deps } from '../core/context.ts'
import { publishDueNotices } from '../modules/notices/notice.publish.ts'
import { runBookingJobs } from './bookingJobs.ts'
import { runConsultationJobs } from './consultationJobs.ts'
import { runElectionSchedule } from '../modules/elections/election.schedule.ts'
import { housekeeping } from './housekeeping.ts'
import { paymentJobs } from './paymentJobs.ts'
import { runReportDeadlines } from './reportDeadlines.ts'
import { sendOutboxBatch } from './outboxSender.ts'

type Job = { name: string; everyMs: number; run: () => Promise<unknown> }

/**
 * Background jobs of this process: publishing scheduled notices, sending the outbox, and deleting
 * expired rate-limit windows and idempotency keys, uploads never attached and old upload quotas, and
 * the report deadlines (warnings, escalation, auto-close), election phases at their scheduled times. Each is
 * safe on any number of instances (rows are claimed with SKIP LOCKED) and never overlaps itself.
 */
export function startJobs(deps: Deps): { stop: () => Promise<void> } {
  const owner = `${process.pid}-${randomUUID().slice(0, 8)}`
  const jobs: Job[] = [
    { name: 'notice-publisher', everyMs: 5_000, run: () => publishDueNotices(deps.db, deps.config, deps.now()) },
    {
      name: 'outbox-sender',
      everyMs: 2_000,
      run: async () => {
        while ((await sendOutboxBatch(deps, owner)).claimed > 0) {
          /* drain */
        }
      },
    },
    { name: 'booking-holds-and-reminders', everyMs: 20_000, run: () => runBookingJobs(deps) },
    { name: 'housekeeping', everyMs: 60_000, run: () => housekeeping(deps, deps.now()) },
    { name: 'report-deadlines', everyMs: 30_000, run: () => runReportDeadlines(deps) },
    ...paymentJobs(deps),
    { name: 'election-schedule', everyMs: 30_000, run: () => runElectionSchedule(deps) },
    { name: 'consultation-expiry', everyMs: 60_000, run: () => runConsultationJobs(deps) },
  ]
  const running = new Set<Promise<unknown>>()
  const timers = jobs.map((job) => {
    let busy = false
    return setInterval(() => {
      if (busy) return
      busy = true
      const p = job.run()
        .catch((e) => deps.log.error('job failed', { job: job.name, error: (e as Error).message }))
        .finally(() => {
          busy = false
          running.delete(p)
        })
      running.add(p)
    }, job.everyMs)
  })
  return {
    async stop() {
      timers.forEach(clearInterval)
      await Promise.allSettled([...running])
    },
  }
}
