import type { Deps } from '../core/context.ts'
import { retryDeadlock } from '../core/db.ts'
import { WechatError } from '../integrations/wechat/client.ts'
import { templateData } from '../integrations/wechat/subscribe.ts'

export const MAX_ATTEMPTS = 5
const LEASE_MS = 60_000
const BACKOFF_MS = [30_000, 120_000, 600_000, 1_800_000]
/** errcodes that will not change on a retry: bad data, openid, template or page. */
const PERMANENT = new Set([47003, 40003, 40037, 41030, 43100])
/** The client's errcode for a call that got no answer from WeChat (network error, timeout, not JSON). */
const NO_ANSWER = -2
const SEND_API = 'subscribeMessage.send'

/**
 * `lost`: claimed rows another sender took over (their lease ran out) before this one got to them.
 * `unknown`: rows failed because an attempt had no result (see UNKNOWN_OUTCOME).
 */
export type SendResult = { claimed: number; sent: number; skipped: number; failed: number; retried: number; lost: number; unknown: number }

/** lastError of a row whose sender stopped between recording the attempt and recording its result. */
export const UNKNOWN_OUTCOME = 'outcome unknown: the sender stopped during the send (not retried, to send at most once)'

type Claimed = { id: bigint; userId: number; templateKey: string; payload: unknown; attempts: number }

/**
 * Sends one batch of pending WeChat subscribe messages, each at most once. Rows are claimed with
 * SELECT … FOR UPDATE SKIP LOCKED and leased to this sender before any network call, so two
 * processes never send the same message. Before each send the lease is renewed by a conditional
 * update only the current owner can make (a row another sender took over is left to it), and
 * right before the call the attempt is committed (`attempted_at`); the update recording the result
 * clears it. A sender that dies leaves a lease that expires: a row it never attempted is taken up
 * again, but a row with an attempt and no result may already have reached the user, so it is
 * failed as UNKNOWN_OUTCOME and never sent again (a second send would also burn a second one-time
 * grant). The lease owner stays on such a row, so a sender that was only slow still records the
 * answer it gets. Each send spends one of the user's grants (given back when WeChat answers that it
 * did not send). 43101 (no grant on WeChat's side) ends the row without retry and clears the count;
 * permanent errors fail at once; other answers retry with backoff, then fail; a send that got no
 * answer at all (timeout, dropped connection) is an unknown outcome too, while one that never
 * connected (refused, unknown host: errcode -4) cannot have been delivered and is retried like an
 * error answer. Failures show in GET /admin/outbox.
 */
export async function sendOutboxBatch(deps: Deps, owner: string, batch = 20): Promise<SendResult> {
  const { db, config, wechat, log } = deps
  const now = deps.now()
  const unknown = await db.outboxItem.updateMany({
    where: { status: 'sending', leaseUntil: { lt: now }, attemptedAt: { not: null } },
    data: { status: 'failed', lastError: UNKNOWN_OUTCOME, leaseUntil: null },
  })
  if (unknown.count) log.warn('subscribe messages with an unknown outcome failed, not re-sent', { count: unknown.count })
  // The claim walks the (status, next_attempt_at) index in order, so it locks only the rows it
  // takes (a sort would read, and lock, every pending row); READ COMMITTED releases the rest.
  const claimed: Claimed[] = await db.$transaction(async (tx) => {
    const due = await tx.$queryRaw<{ id: bigint }[]>`SELECT id FROM outbox
      WHERE status = 'pending' AND next_attempt_at <= ${now}
      ORDER BY next_attempt_at, id LIMIT ${batch} FOR UPDATE SKIP LOCKED`
    const stale = due.length < batch
      ? await tx.$queryRaw<{ id: bigint }[]>`SELECT id FROM outbox
          WHERE status = 'sending' AND lease_until < ${now} AND attempted_at IS NULL
          ORDER BY next_attempt_at, id LIMIT ${batch - due.length} FOR UPDATE SKIP LOCKED`
      : []
    const ids = [...due, ...stale].map((r) => r.id)
    if (!ids.length) return []
    await tx.outboxItem.updateMany({
      where: { id: { in: ids } },
      data: { status: 'sending', leaseOwner: owner, leaseUntil: new Date(now.getTime() + LEASE_MS), attempts: { increment: 1 } },
    })
    return tx.outboxItem.findMany({
      where: { id: { in: ids } },
      select: { id: true, userId: true, templateKey: true, payload: true, attempts: true },
    })
  }, { isolationLevel: 'ReadCommitted' })
  const result: SendResult = { claimed: claimed.length, sent: 0, skipped: 0, failed: 0, retried: 0, lost: 0, unknown: unknown.count }
  // Recording a result clears the attempt mark in the same update (an unknown outcome keeps it).
  // These one-row updates may be chosen as a deadlock victim against another sender's claim (its
  // range locks): each is conditional on our lease, so running it again is safe.
  const finish = (id: bigint, data: Record<string, unknown>) => retryDeadlock(deps, () =>
    db.outboxItem.updateMany({ where: { id, leaseOwner: owner }, data: { leaseOwner: null, leaseUntil: null, attemptedAt: null, ...data } }))

  // Long enough for one send, a token refresh and a retry, each bounded by the WeChat timeout.
  const sendLeaseMs = Math.max(LEASE_MS, 4 * config.wechat.timeoutMs)
  const renewLease = async (id: bigint) => {
    const at = deps.now()
    const r = await retryDeadlock(deps, () => db.outboxItem.updateMany({
      where: { id, status: 'sending', leaseOwner: owner },
      data: { leaseUntil: new Date(at.getTime() + sendLeaseMs) },
    }))
    return r.count === 1
  }
  // Committed before the call: from here on, a crash leaves an attempt without a result.
  const recordAttempt = async (id: bigint) => {
    const at = deps.now()
    const r = await retryDeadlock(deps, () => db.outboxItem.updateMany({
      where: { id, status: 'sending', leaseOwner: owner },
      data: { attemptedAt: at, leaseUntil: new Date(at.getTime() + sendLeaseMs) },
    }))
    return r.count === 1 ? at : null
  }

  for (const item of claimed) {
    if (!(await renewLease(item.id))) {
      result.lost++
      continue
    }
    const template = config.subscribeTemplates[item.templateKey]
    const user = await db.user.findUnique({ where: { id: item.userId }, select: { openid: true } })
    if (!template || !user?.openid) {
      await finish(item.id, { status: 'skipped', lastError: !template ? 'template not configured' : 'user has no openid' })
      result.skipped++
      continue
    }
    const grant = await db.subscriptionGrant.updateMany({
      where: { userId: item.userId, templateId: template.id, remaining: { gt: 0 } },
      data: { remaining: { decrement: 1 } },
    })
    if (grant.count === 0) {
      await finish(item.id, { status: 'skipped', lastError: 'no subscription grant left' })
      result.skipped++
      continue
    }
    const giveBack = () => db.subscriptionGrant.updateMany({ where: { userId: item.userId, templateId: template.id }, data: { remaining: { increment: 1 } } })
    const payload = item.payload as Record<string, unknown>
    const message = {
      touser: user.openid,
      template_id: template.id,
      page: typeof payload.page === 'string' ? payload.page : undefined,
      data: templateData(template, payload),
      miniprogram_state: config.miniprogramState,
      lang: 'zh_CN' as const,
    }
    const attemptedAt = await recordAttempt(item.id)
    if (!attemptedAt) {
      await giveBack()
      result.lost++
      continue
    }
    let failure: WechatError | undefined
    try {
      await wechat.sendSubscribeMessage(message)
    } catch (e) {
      // Anything but a WechatError was thrown before the request left (token store, for instance).
      failure = e instanceof WechatError ? e : new WechatError(-2, (e as Error).message, 'outbox')
    }
    if (!failure) {
      await finish(item.id, { status: 'sent', sentAt: deps.now(), lastError: null })
      result.sent++
    } else {
      const err = failure
      const lastError = `${err.errcode} ${err.errmsg}`.slice(0, 500)
      if (err.errcode === NO_ANSWER && err.api === SEND_API) {
        // The request left without an answer: WeChat may have delivered it, so it is not sent again.
        await finish(item.id, { status: 'failed', attemptedAt, lastError: `outcome unknown: no answer from WeChat (${lastError})`.slice(0, 500) })
        result.unknown++
        log.warn('subscribe message outcome unknown', { outboxId: item.id.toString(), lastError })
      } else if (err.errcode === 43101) {
        await db.subscriptionGrant.updateMany({ where: { userId: item.userId, templateId: template.id }, data: { remaining: 0 } })
        await finish(item.id, { status: 'skipped', lastError })
        result.skipped++
      } else if (PERMANENT.has(err.errcode) || item.attempts >= MAX_ATTEMPTS) {
        await giveBack()
        await finish(item.id, { status: 'failed', lastError })
        result.failed++
        log.warn('subscribe message failed', { outboxId: item.id.toString(), lastError })
      } else {
        await giveBack()
        const delay = BACKOFF_MS[Math.min(item.attempts - 1, BACKOFF_MS.length - 1)]
        await finish(item.id, { status: 'pending', lastError, nextAttemptAt: new Date(deps.now().getTime() + delay * (0.8 + Math.random() * 0.4)) })
        result.retried++
      }
    }
  }
  return result
}
