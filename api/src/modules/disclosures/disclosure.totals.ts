import type { z } from 'zod'
import { Prisma } from '../../generated/prisma/client.ts'
import type { Actor } from '../../core/actor.ts'
import type { Deps } from '../../core/context.ts'
import { communityFor } from './disclosure.service.ts'
import type { TotalsQuery, TotalsView } from './disclosure.schema.ts'

type Row = { period: string; category: string; kind: 'income' | 'expense'; fen: bigint | number | string }
type Total = { incomeFen: number; expenseFen: number; balanceFen: number }

const monthStart = (m: string) => new Date(`${m}-01T00:00:00Z`)
const empty = (): Total => ({ incomeFen: 0, expenseFen: 0, balanceFen: 0 })
function add(t: Total, kind: Row['kind'], fen: number) {
  if (kind === 'income') t.incomeFen += fen
  else t.expenseFen += fen
  t.balanceFen = t.incomeFen - t.expenseFen
}

/**
 * Income, expense and balance of a community's current items (not superseded, not withdrawn)
 * whose period lies within `from`..`to` (months): per period as the items state it, and within
 * each period per line category. Summed in SQL over BIGINT fen; the sums are exact integers.
 */
export async function disclosureTotals(deps: Deps, actor: Actor, q: z.output<typeof TotalsQuery>): Promise<z.output<typeof TotalsView>> {
  const communityId = await communityFor(deps.db, actor, q.communityId)
  const category = q.category ? Prisma.sql`AND d.category = ${q.category}` : Prisma.empty
  const rows = await deps.db.$queryRaw<(Row & { start: Date })[]>`
    SELECT d.period, MIN(d.period_from) AS start, l.category, l.kind, CAST(SUM(l.amount_fen) AS SIGNED) AS fen
    FROM disclosures d JOIN disclosure_lines l ON l.disclosure_id = d.id
    WHERE d.community_id = ${communityId} AND d.status = 'published'
      AND d.period_from >= ${monthStart(q.from)} AND d.period_to <= ${monthStart(q.to)} ${category}
    GROUP BY d.period, l.category, l.kind
    ORDER BY start, d.period, l.category, l.kind`
  const periods = new Map<string, Total & { categories: Map<string, Total> }>()
  const total = empty()
  for (const r of rows) {
    const fen = Number(r.fen)
    const p = periods.get(r.period) ?? { ...empty(), categories: new Map<string, Total>() }
    periods.set(r.period, p)
    const c = p.categories.get(r.category) ?? empty()
    p.categories.set(r.category, c)
    add(p, r.kind, fen)
    add(c, r.kind, fen)
    add(total, r.kind, fen)
  }
  return {
    communityId, from: q.from, to: q.to,
    periods: [...periods].map(([period, p]) => ({
      period, incomeFen: p.incomeFen, expenseFen: p.expenseFen, balanceFen: p.balanceFen,
      categories: [...p.categories].map(([category, c]) => ({ category, ...c })),
    })),
    total,
  }
}
