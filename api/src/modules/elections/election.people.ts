import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import type { ElectionPersonView } from './election.schema.ts'
import { loadManaged } from './election.service.ts'

type Person = z.output<typeof ElectionPersonView>

/** `%q%` for LIKE with the user's `%`, `_` and `\` taken literally. */
const contains = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * GET /elections/:id/people?q=: committee staff find a resident of the community (approved binding,
 * active account) by name or house (楼栋、单元、房号), for 补登选民, 提名 and upholding an objection
 * about someone's missing entry — instead of typing a user number. At most 20, with whether each is
 * on the roll and a candidate. Names are shown in full to the community's own staff; the search is
 * audited (how many were found, not the query).
 */
export async function findPeople(deps: Deps, actor: Actor, id: number, q: string, origin: AuditOrigin): Promise<Person[]> {
  const e = await loadManaged(deps, actor, id)
  const like = contains(q)
  const rows = await deps.db.$queryRaw<{ user_id: number; name: string; house: string | null; voter_id: number | null; removed_at: Date | null; candidate: bigint }[]>`
    SELECT u.id AS user_id, COALESCE(rp.real_name, u.display_name) AS name,
      MIN(CONCAT(COALESCE(bl.estate, ''), bl.name, h.unit, '单元', h.room)) AS house,
      v.id AS voter_id, v.removed_at,
      (SELECT COUNT(*) FROM election_candidates c WHERE c.election_id = ${id} AND c.user_id = u.id AND c.status IN ('pending', 'approved')) AS candidate
    FROM household_bindings hb JOIN users u ON u.id = hb.user_id
      JOIN households h ON h.id = hb.household_id JOIN buildings bl ON bl.id = h.building_id
      LEFT JOIN resident_profiles rp ON rp.user_id = u.id
      LEFT JOIN election_voters v ON v.election_id = ${id} AND v.user_id = u.id
    WHERE hb.community_id = ${e.communityId} AND hb.status = 'approved' AND u.status = 'active'
      AND (rp.real_name LIKE ${like} OR u.display_name LIKE ${like} OR CONCAT(COALESCE(bl.estate, ''), bl.name, h.unit, '单元', h.room) LIKE ${like})
    GROUP BY u.id, rp.real_name, u.display_name, v.id, v.removed_at
    ORDER BY u.id LIMIT 20`
  await audit(deps.db, { actor, action: 'election.people.search', resourceType: 'election', resourceId: id, result: 'success', details: { found: rows.length } }, origin)
  return rows.map((r) => ({
    userId: Number(r.user_id), name: r.name, houseLabel: r.house ?? '', voterId: r.voter_id === null ? null : Number(r.voter_id),
    onRoll: r.voter_id !== null && r.removed_at === null, candidate: Number(r.candidate) > 0,
  }))
}
