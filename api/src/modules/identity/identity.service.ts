import type { Prisma } from '../../generated/prisma/client.ts'
import { roleScope, type Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import { profileField, type Bytes } from '../../core/crypto.ts'
import type { DbOrTx, Tx } from '../../core/db.ts'
import { conflict, notFound } from '../../core/errors.ts'
import { decodeCursor, pageOf } from '../../core/pagination.ts'
import { authorize } from '../../core/policy.ts'
import { committeeOf, householdInclude, sendBindingsBackToReview } from '../households/binding.service.ts'
import { notify } from '../messages/message.service.ts'
import { identityReviewPolicy, type IdentityReviewRecord } from './identity.policy.ts'
import { presentIdentityReview } from './identity.presenter.ts'

const LIVE: ('pending' | 'approved')[] = ['pending', 'approved']
const REALNAME_LINK = '/packages/profile/realname/index'
const WORKBENCH_LINK = '/packages/workbench/home/index'

const party = {
  select: {
    id: true,
    profile: { select: { realName: true, idNumberMasked: true } },
    bindings: { where: { status: { in: LIVE } }, include: { household: { include: householdInclude } } },
  },
} as const
const reviewInclude = { claimant: party, holder: party } as const
export type IdentityReviewRow = Prisma.IdentityReviewGetPayload<{ include: typeof reviewInclude }>

/** The record the policy judges: the review and where both parties live. */
export function reviewRecord(r: IdentityReviewRow): IdentityReviewRecord {
  const places = [...r.claimant.bindings, ...(r.holder?.bindings ?? [])].map((b) => ({ communityId: b.communityId, streetId: b.household.streetId }))
  return { status: r.status, claimantId: r.claimantId, holderId: r.holderId, places }
}

/** Communities where either party of a claim has a live binding (whose committee must decide). */
async function communitiesOf(tx: DbOrTx, userIds: number[]) {
  const rows = await tx.householdBinding.findMany({ where: { userId: { in: userIds }, status: { in: [...LIVE] } }, select: { communityId: true } })
  return [...new Set(rows.map((r) => r.communityId))]
}

/**
 * Routes a claim of an ID number already on file for another account to committee review, in the
 * caller's transaction: the claimant is told the number needs checking (never whose it is), and
 * the committee staff where either party lives get a message. A repeat of the same claim keeps the
 * open review; a claim of another number replaces it.
 */
export async function openIdentityReview(tx: Tx, claim: { claimantId: number; idNumberHmac: Bytes; now: Date }, origin: AuditOrigin) {
  const open = await tx.identityReview.findFirst({ where: { claimantId: claim.claimantId, status: 'pending' } })
  if (open && Buffer.from(open.idNumberHmac).equals(Buffer.from(claim.idNumberHmac))) return open
  if (open) await withdrawIdentityReviews(tx, claim.claimantId)
  const holder = await tx.residentProfile.findUnique({ where: { idNumberHmac: claim.idNumberHmac }, select: { userId: true } })
  const review = await tx.identityReview.create({
    data: { claimantId: claim.claimantId, holderId: holder?.userId ?? null, idNumberHmac: claim.idNumberHmac, status: 'pending', activeFlag: true },
  })
  await notify(tx, {
    userId: claim.claimantId, kind: 'identity.review', title: '身份证号需要核实',
    body: '您填写的身份证号需要社区工作人员核实。核实前暂时不能通过房屋绑定审核；也可以携带身份证到社区党群服务中心办理。',
    link: REALNAME_LINK, resourceType: 'identity_review', resourceId: review.id, now: claim.now,
  })
  for (const staffId of await committeeOf(tx, await communitiesOf(tx, [claim.claimantId, ...(holder ? [holder.userId] : [])]))) {
    await notify(tx, {
      userId: staffId, kind: 'identity.review', title: '有一条身份核实待处理',
      body: '有居民登记的身份证号与已登记账号重复，请在工作台「身份核实」中核对证件后处理。',
      link: WORKBENCH_LINK, resourceType: 'identity_review', resourceId: review.id, now: claim.now,
    })
  }
  await audit(tx, { actor: { id: claim.claimantId }, action: 'identity.review_opened', resourceType: 'identity_review', resourceId: review.id, result: 'success', details: { holderId: holder?.userId ?? null } }, origin)
  return review
}

/** Ends the claimant's open review (they changed their number, withdrew consent or left). */
export async function withdrawIdentityReviews(tx: DbOrTx, claimantId: number): Promise<void> {
  await tx.identityReview.updateMany({ where: { claimantId, status: 'pending' }, data: { status: 'withdrawn', activeFlag: null } })
}

/** Reviews the caller may see: either party lives (live binding) in their committee or street scope, in SQL. */
export async function listIdentityReviews(deps: Deps, actor: Actor, q: { status: IdentityReviewRow['status']; limit: number; cursor?: string }) {
  authorize(actor, identityReviewPolicy.list, null)
  const communityIds = roleScope(actor, 'committee').communityIds
  const streetIds = roleScope(actor, 'street').streetIds
  const inScope: Prisma.HouseholdBindingWhereInput = {
    status: { in: [...LIVE] },
    OR: [{ communityId: { in: communityIds } }, { household: { streetId: { in: streetIds } } }],
  }
  const cursor = decodeCursor(q.cursor)
  const rows = await deps.db.identityReview.findMany({
    where: {
      status: q.status,
      ...(cursor ? { id: { lt: cursor } } : {}),
      OR: [{ claimant: { bindings: { some: inScope } } }, { holder: { bindings: { some: inScope } } }],
    },
    include: reviewInclude,
    orderBy: { id: 'desc' },
    take: q.limit + 1,
  })
  const { items, page } = pageOf(rows, q.limit)
  return { items: items.map((r) => presentIdentityReview(r, actor)), page }
}

async function loadReview(db: DbOrTx, actor: Actor, id: number) {
  const r = await db.identityReview.findUnique({ where: { id }, include: reviewInclude })
  if (!r || identityReviewPolicy.view(actor, reviewRecord(r)) !== true) throw notFound('身份核实')
  return r
}

/**
 * Decides a claim. `reject`: the claimant's ID number is erased (the holder keeps it). `transfer`:
 * the number moves to the claimant — the holder's ID number is erased and their approved bindings
 * go back to review. The review is closed by a conditional update and both profiles are locked,
 * so two decisions cannot both happen; everyone concerned is told, in the same transaction.
 */
export async function decideIdentityReview(deps: Deps, actor: Actor, id: number, action: 'reject' | 'transfer', reason: string, origin: AuditOrigin) {
  const r = await loadReview(deps.db, actor, id)
  if (r.status !== 'pending') throw conflict('IDENTITY_REVIEW_DECIDED', '该核实已处理')
  authorize(actor, identityReviewPolicy[action], reviewRecord(r))
  const now = deps.now()
  const hmac = Buffer.from(r.idNumberHmac)
  await deps.db.$transaction(async (tx) => {
    const closed = await tx.identityReview.updateMany({
      where: { id, status: 'pending' },
      data: { status: action === 'reject' ? 'rejected' : 'transferred', activeFlag: null, reviewerId: actor.id, reason, decidedAt: now },
    })
    if (closed.count !== 1) throw conflict('IDENTITY_REVIEW_DECIDED', '该核实已处理')
    const ids = [r.claimantId, ...(r.holderId ? [r.holderId] : [])].sort((a, b) => a - b)
    const locked = await tx.$queryRaw<{ user_id: number; id_number_cipher: Uint8Array | null; id_number_hmac: Uint8Array | null }[]>`
      SELECT user_id, id_number_cipher, id_number_hmac FROM resident_profiles WHERE user_id IN (${ids[0]}, ${ids[ids.length - 1]}) ORDER BY user_id FOR UPDATE`
    const claimant = locked.find((p) => p.user_id === r.claimantId)
    // The claimant may have changed their number since: the decision is about this number only.
    const stillClaimed = claimant?.id_number_cipher && !claimant.id_number_hmac &&
      Buffer.from(deps.cipher.lookupHash('id_number', deps.cipher.open(claimant.id_number_cipher, profileField.idNumber(r.claimantId)))).equals(hmac)
    if (!stillClaimed) throw conflict('IDENTITY_REVIEW_STALE', '该居民已修改身份证号，本条核实不再适用')
    const erase = { idNumberCipher: null, idNumberHmac: null, idNumberMasked: null, gender: null }
    if (action === 'reject') {
      await tx.residentProfile.update({ where: { userId: r.claimantId }, data: erase })
      await notify(tx, {
        userId: r.claimantId, kind: 'identity.decided', title: '身份证号核实未通过',
        body: `社区工作人员核实后，您填写的身份证号未能确认，已清除。说明：${reason}。如有疑问请携带身份证到社区办理。`,
        link: REALNAME_LINK, resourceType: 'identity_review', resourceId: id, now,
      })
    } else {
      if (r.holderId) {
        await tx.residentProfile.update({ where: { userId: r.holderId }, data: erase })
        await sendBindingsBackToReview(tx, r.holderId, '您账号上的身份证号经社区核实属于他人', now)
        await notify(tx, {
          userId: r.holderId, kind: 'identity.decided', title: '身份证号已被核实为他人所有',
          body: `社区工作人员核实后确认，您账号上登记的身份证号属于另一位居民，已从您的账号清除。说明：${reason}。如有疑问请联系社区。`,
          link: REALNAME_LINK, resourceType: 'identity_review', resourceId: id, now,
        })
      }
      await tx.residentProfile.update({ where: { userId: r.claimantId }, data: { idNumberHmac: Uint8Array.from(hmac) } })
      await notify(tx, {
        userId: r.claimantId, kind: 'identity.decided', title: '身份证号已核实',
        body: '社区工作人员已核实您的身份证号，实名登记已完成，可以申请绑定房屋。',
        link: REALNAME_LINK, resourceType: 'identity_review', resourceId: id, now,
      })
    }
    await audit(tx, { actor, action: `identity.${action}`, resourceType: 'identity_review', resourceId: id, result: 'success', details: { claimantId: r.claimantId, holderId: r.holderId } }, origin)
  })
  for (const userId of [r.claimantId, r.holderId]) if (userId) deps.caches.actors.delete(userId)
  return presentIdentityReview(await loadReview(deps.db, actor, id), actor)
}
