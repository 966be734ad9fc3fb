import type { RowDataPacket } from 'mysql2'
import type { Role } from '../../core/actor.ts'
import { cachePerOwner } from '../../core/cache.ts'
import type { Deps } from '../../core/context.ts'
import { executeRows, type SqlPool } from '../../core/db.ts'
import type { BindingRow } from '../households/household.presenter.ts'

// GET /me runs on every start of the mini-program. Through Prisma its relations cost about ten
// round trips (user, roles, four scope-name look-ups, grids, profile, consent, and the bindings
// with household, building, grid, community and profile); here it is two statements, sent
// together: the person (roles and grids as JSON arrays) and their binding requests. Their
// answer is kept per process and checked on every call by one primary-key statement against
// two counters that triggers move with every change GET /me would show (readMeChecked).

/** The user, their roles with the names of their scopes, grids, profile and latest consent. */
const PERSON_SQL = `SELECT u.id, u.username, u.display_name,
    p.user_id IS NOT NULL AS has_profile, p.real_name, p.id_number_masked, p.id_number_hmac, p.id_number_cipher,
    p.phone_masked, p.phone_source, p.gender,
    c.policy_version, c.granted_at, c.withdrawn_at,
    (SELECT JSON_ARRAYAGG(JSON_OBJECT('role', r.role, 'scopeType', r.scope_type, 'scopeId', r.scope_id, 'scopeName', CASE r.scope_type
        WHEN 'street' THEN (SELECT s.name FROM streets s WHERE s.id = r.scope_id)
        WHEN 'community' THEN (SELECT cm.name FROM communities cm WHERE cm.id = r.scope_id)
        WHEN 'grid' THEN (SELECT g.name FROM grids g WHERE g.id = r.scope_id)
        WHEN 'department' THEN (SELECT d.name FROM departments d WHERE d.id = r.scope_id) END) ORDER BY r.id)
      FROM user_roles r WHERE r.user_id = u.id) AS roles,
    (SELECT JSON_ARRAYAGG(JSON_OBJECT('id', g.id, 'name', g.name, 'communityId', g.community_id, 'kind', ga.kind, 'onDuty', ga.on_duty) ORDER BY ga.id)
      FROM grid_assignments ga JOIN grids g ON g.id = ga.grid_id WHERE ga.user_id = u.id) AS grids
  FROM users u
  LEFT JOIN resident_profiles p ON p.user_id = u.id
  LEFT JOIN consents c ON c.id = (SELECT MAX(x.id) FROM consents x WHERE x.user_id = u.id AND x.purpose = ?)
  WHERE u.id = ?`

/** The caller's binding requests (withdrawn ones left out), newest first, with their household. */
const BINDINGS_SQL = `SELECT b.id, b.user_id, b.status, b.community_id, b.grid_id, b.relation, b.reason, b.created_at, b.reviewed_at,
    h.id AS h_id, h.unit, h.room, h.street_id, h.community_id AS h_community_id, h.grid_id AS h_grid_id,
    bd.estate, bd.name AS building_name, g.id AS g_id, g.name AS g_name, cm.id AS c_id, cm.name AS c_name
  FROM household_bindings b
  JOIN households h ON h.id = b.household_id
  JOIN buildings bd ON bd.id = h.building_id
  JOIN grids g ON g.id = bd.grid_id
  JOIN communities cm ON cm.id = bd.community_id
  WHERE b.user_id = ? AND b.status <> 'withdrawn'
  ORDER BY b.id DESC LIMIT 50`

export type MeRole = { role: Role; scopeType: 'none' | 'street' | 'community' | 'grid' | 'department'; scopeId: number; scopeName: string | null }
export type MeGrid = { id: number; name: string; communityId: number; kind: 'primary' | 'deputy'; onDuty: boolean }
export type MeProfile = {
  realName: string | null; idNumberMasked: string | null; idNumberHmac: Uint8Array | null; idNumberCipher: Uint8Array | null
  phoneMasked: string | null; phoneSource: string | null; gender: 'male' | 'female' | null
}
export type MeRows = {
  user: { id: number; username: string | null; displayName: string; roles: MeRole[]; grids: MeGrid[] }
  profile: MeProfile | null
  consent: { policyVersion: string; grantedAt: Date; withdrawnAt: Date | null } | null
  bindings: BindingRow[]
}

const json = <T>(v: unknown): T[] => (v == null ? [] : ((typeof v === 'string' ? JSON.parse(v) : v) as T[]))

/**
 * Everything GET /me shows about `userId`, in two statements run side by side; null when the
 * user row is gone. `consentPurpose` names the consent whose latest state is returned.
 */
export async function readMe(sql: SqlPool, userId: number, consentPurpose: string): Promise<MeRows | null> {
  const [[people], [bindings]] = await Promise.all([
    sql.execute<RowDataPacket[]>(PERSON_SQL, [consentPurpose, userId]),
    sql.execute<RowDataPacket[]>(BINDINGS_SQL, [userId]),
  ])
  const u = people[0]
  if (!u) return null
  const profile: MeProfile | null = u.has_profile
    ? {
        realName: u.real_name, idNumberMasked: u.id_number_masked, idNumberHmac: u.id_number_hmac, idNumberCipher: u.id_number_cipher,
        phoneMasked: u.phone_masked, phoneSource: u.phone_source, gender: u.gender,
      }
    : null
  return {
    user: {
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      roles: json<MeRole>(u.roles),
      grids: json<Omit<MeGrid, 'onDuty'> & { onDuty: number | boolean }>(u.grids).map((g) => ({ ...g, onDuty: Boolean(g.onDuty) })),
    },
    profile,
    consent: u.policy_version == null ? null : { policyVersion: u.policy_version, grantedAt: u.granted_at, withdrawnAt: u.withdrawn_at },
    bindings: bindings.map((b) => ({
      id: b.id, userId: b.user_id, status: b.status, communityId: b.community_id, gridId: b.grid_id, relation: b.relation, reason: b.reason,
      createdAt: b.created_at, reviewedAt: b.reviewed_at,
      household: {
        id: b.h_id, unit: b.unit, room: b.room, streetId: b.street_id, communityId: b.h_community_id, gridId: b.h_grid_id,
        building: { estate: b.estate, name: b.building_name, grid: { id: b.g_id, name: b.g_name }, community: { id: b.c_id, name: b.c_name } },
      },
      user: { id: u.id, profile: profile && { realName: profile.realName, idNumberMasked: profile.idNumberMasked, phoneMasked: profile.phoneMasked, idNumberHmac: profile.idNumberHmac } },
    })),
  }
}

/** The counters GET /me's cache is checked against, with the user's own columns (read fresh every call). */
const CHECK_SQL = `SELECT u.me_version, u.username, u.display_name, (SELECT s.version FROM me_shared_version s WHERE s.id = 1) AS shared_version
  FROM users u WHERE u.id = ?`

type Checked = { meVersion: number; sharedVersion: number; rows: MeRows }

/** What readMeChecked answers: the rows (the same object while the versions stand) and the user's own columns, read this call. */
export type MeRead = { rows: MeRows; username: string | null; displayName: string }

/** Per API instance (its Deps). */
const cacheOf = cachePerOwner<number, Checked>(10 * 60_000, 20_000)

/**
 * `readMe`, answered from this instance's cache when the user's `me_version` and the shared
 * place-name version are the ones the cached answer was read under; one primary-key statement
 * per call. The versions are read before the rows, so a change committed in between leaves the
 * entry under the older versions and the next call reads again: never staler than a fresh read.
 * Triggers (migration 20261206000000_me_versions) bump the counters in the writing transaction.
 * The username and display name are not in the kept rows' trust: they come with the check.
 */
export async function readMeChecked(deps: Deps, userId: number, consentPurpose: string): Promise<MeRead | null> {
  type Check = { me_version: number; username: string | null; display_name: string; shared_version: number | null }
  const [check] = await executeRows<Check>(deps.sql, CHECK_SQL, [userId])
  if (!check) return null
  const read = (rows: MeRows): MeRead => ({ rows, username: check.username, displayName: check.display_name })
  const cache = cacheOf(deps)
  const hit = cache.get(userId)
  if (hit && hit.meVersion === check.me_version && hit.sharedVersion === check.shared_version) return read(hit.rows)
  const rows = await readMe(deps.sql, userId, consentPurpose)
  if (!rows) return null
  // Without the shared row (a database not migrated this far) nothing is kept.
  if (check.shared_version !== null) cache.set(userId, { meVersion: check.me_version, sharedVersion: check.shared_version, rows })
  return read(rows)
}
