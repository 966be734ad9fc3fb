import { z } from 'zod'
import { hasRole, type Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import { conflict, invalid, notFound } from '../../core/errors.ts'
import { authorize, type Policy } from '../../core/policy.ts'
import { randomToken } from '../../core/crypto.ts'
import { open311KeyHash } from './open311.keys.ts'

/** Administration of Open311 clients: issuing a key for one community, listing, revoking. */

export const IssueClientBody = z.object({
  communityId: z.number().int().positive(),
  name: z.string().trim().min(2, '接入方名称至少2个字').max(64, '接入方名称不能超过64个字'),
}).strict()

export const Open311ClientView = z.object({
  id: z.number().int(),
  name: z.string(),
  community: z.object({ id: z.number().int(), name: z.string() }),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  policies: z.object({ revoke: z.boolean() }),
})

/** The answer to issuing: the view plus the key, shown this once (only its hash is stored). */
export const IssuedClientView = Open311ClientView.extend({ apiKey: z.string() })

type ClientRecord = { revokedAt: Date | null }

/** Only system administrators manage Open311 clients; a revoked key stays revoked. */
export const open311ClientPolicy = {
  manage: ((actor) => hasRole(actor, 'admin') || '只有系统管理员可以管理 Open311 接入方') as Policy<null>,
  revoke: ((actor, c) => {
    if (!hasRole(actor, 'admin')) return '只有系统管理员可以停用 Open311 密钥'
    return c.revokedAt === null || '该密钥已停用'
  }) as Policy<ClientRecord>,
}

const select = { id: true, name: true, createdAt: true, revokedAt: true, community: { select: { id: true, name: true } } } as const
type ClientRow = { id: number; name: string; createdAt: Date; revokedAt: Date | null; community: { id: number; name: string } }

/** A client as administrators see it (never the key or its hash). */
function presentClient(c: ClientRow, actor: Actor) {
  return {
    id: c.id,
    name: c.name,
    community: c.community,
    createdAt: c.createdAt.toISOString(),
    revokedAt: c.revokedAt?.toISOString() ?? null,
    policies: { revoke: open311ClientPolicy.revoke(actor, c) === true },
  }
}

/** Every Open311 client, newest first (administrators). */
export async function listClients(deps: Deps, actor: Actor) {
  authorize(actor, open311ClientPolicy.manage, null)
  const rows = await deps.db.open311Client.findMany({ select, orderBy: { id: 'desc' } })
  return rows.map((c) => presentClient(c, actor))
}

/**
 * Issues a key for one community: 32 random bytes (base64url), returned once; the database keeps
 * only its SHA-256. Audited in the same transaction.
 */
export async function issueClient(deps: Deps, actor: Actor, input: z.output<typeof IssueClientBody>, origin: AuditOrigin) {
  authorize(actor, open311ClientPolicy.manage, null)
  const community = await deps.db.community.findUnique({ where: { id: input.communityId }, select: { id: true } })
  if (!community) throw invalid('communityId', '社区不存在')
  const apiKey = randomToken(32)
  const row = await deps.db.$transaction(async (tx) => {
    const created = await tx.open311Client.create({
      data: { communityId: input.communityId, name: input.name, keyHash: open311KeyHash(apiKey), createdAt: deps.now() },
      select,
    })
    await audit(tx, { actor, action: 'open311_client.issue', resourceType: 'open311_client', resourceId: created.id, result: 'success', details: { communityId: input.communityId, name: input.name } }, origin)
    return created
  })
  return { ...presentClient(row, actor), apiKey }
}

/** Revokes a client's key at once: the facade refuses it from the next request on. Audited. */
export async function revokeClient(deps: Deps, actor: Actor, id: number, origin: AuditOrigin) {
  authorize(actor, open311ClientPolicy.manage, null)
  const row = await deps.db.open311Client.findUnique({ where: { id }, select })
  if (!row) throw notFound('Open311 接入方')
  authorize(actor, open311ClientPolicy.revoke, row)
  const now = deps.now()
  await deps.db.$transaction(async (tx) => {
    const changed = await tx.open311Client.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } })
    if (changed.count !== 1) throw conflict('OPEN311_CLIENT_REVOKED', '该密钥已停用')
    await audit(tx, { actor, action: 'open311_client.revoke', resourceType: 'open311_client', resourceId: id, result: 'success' }, origin)
  })
  return presentClient(await deps.db.open311Client.findUniqueOrThrow({ where: { id }, select }), actor)
}
