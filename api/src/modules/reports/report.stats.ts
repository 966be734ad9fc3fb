import type { z } from 'zod'
import { Prisma } from '../../generated/prisma/client.ts'
import { hasRole, roleScope, type Actor, type Role } from '../../core/actor.ts'
import type { Deps } from '../../core/context.ts'
import { invalid, notFound } from '../../core/errors.ts'
import { authorize, type Policy } from '../../core/policy.ts'
import { formatShanghai } from '../../core/time.ts'
import { VISIT_TARGET_PER_MONTH } from '../visits/visit.schema.ts'
import { SCORE_RULE, type GridRankingQuery, type ReportStatsQuery } from './report.stats.schema.ts'

type PlacedGrid = { id: number; streetId: number; communityId: number }
type PlacedCommunity = { id: number; streetId: number }

/** The roles that see per-grid figures and the ranking (考核测评), within their scope. */
export const FIGURE_SUPERVISOR_ROLES = ['grid_leader', 'committee', 'street'] as const satisfies readonly Role[]

/** Leaders, committee and street staff whose scope covers the place. */
const supervises = (actor: Actor, p: { streetId: number; communityId: number; gridId?: number }) => {
  const s = roleScope(actor, ...FIGURE_SUPERVISOR_ROLES)
  return s.streetIds.includes(p.streetId) || s.communityIds.includes(p.communityId) || (p.gridId !== undefined && s.gridIds.includes(p.gridId))
}

/** The roles with figures of their own (我的考核): those who are assigned reports and log visits. */
export const OWN_FIGURE_ROLES = ['grid_worker', 'dept'] as const satisfies readonly Role[]

/** Who may see which figures (the scope itself is also in every query). */
export const statsPolicy = {
  /** Own figures: those who are assigned reports and log visits. */
  me: ((actor) => hasRole(actor, ...OWN_FIGURE_ROLES) || '只有网格员和职能部门人员有个人考核数据') as Policy<null>,
  grid: ((actor, g) => supervises(actor, { streetId: g.streetId, communityId: g.communityId, gridId: g.id }) ||
    '只有网格长、社区和街道工作人员可以查看网格的考核数据') as Policy<PlacedGrid>,
  community: ((actor, c) => supervises(actor, { streetId: c.streetId, communityId: c.id }) ||
    '只有网格长、社区和街道工作人员可以查看社区的考核数据') as Policy<PlacedCommunity>,
}

/** The month `YYYY-MM` in Asia/Shanghai as [from, to); today's month by default, never a future one. */
export function statsPeriod(month: string | undefined, now: Date) {
  const current = formatShanghai(now, 'YYYY-MM')
  const m = month ?? current
  if (m > current) throw invalid('month', '不能查询未来的月份')
  const [y, mo] = m.split('-').map(Number)
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`
  return {
    month: m,
    from: new Date(`${m}-01T00:00:00+08:00`),
    to: new Date(`${next}-01T00:00:00+08:00`),
    /** DATE bounds for visited_on (a Shanghai calendar day). */
    firstDay: new Date(`${m}-01T00:00:00Z`),
    nextFirstDay: new Date(`${next}-01T00:00:00Z`),
  }
}
type Period = ReturnType<typeof statsPeriod>

type Counts = {
  k: number; received: number; accepted: number; acceptedOnTime: number; acceptOverdue: number; resolved: number; resolvedOnTime: number
  resolveOverdue: number; rated: number; satisfied: number; finished: number; fixed: number; open: number; overdueOpen: number
}

/**
 * Report counts per group (`key`) of the reports matching `where`, in one pass. A report counts in
 * the month of the step (filed, accepted, resolved, rated); open and overdue are as of now.
 */
async function reportCounts(deps: Deps, where: Prisma.Sql, key: Prisma.Sql, p: Period, now: Date): Promise<Map<number, Counts>> {
  const inP = (col: string) => Prisma.sql`${Prisma.raw(col)} >= ${p.from} AND ${Prisma.raw(col)} < ${p.to}`
  const rows = await deps.db.$queryRaw<Record<keyof Counts, unknown>[]>`SELECT ${key} AS k,
      SUM(${inP('created_at')}) AS received,
      SUM(${inP('accepted_at')}) AS accepted,
      SUM(${inP('accepted_at')} AND accepted_late = 0) AS acceptedOnTime,
      SUM(status = 'submitted' AND due_at < ${now} AND ${inP('accept_due_at')}) AS acceptOverdue,
      SUM(${inP('resolved_at')}) AS resolved,
      SUM(${inP('resolved_at')} AND resolved_late = 0) AS resolvedOnTime,
      SUM(status = 'accepted' AND due_at < ${now} AND ${inP('resolve_due_at')}) AS resolveOverdue,
      SUM(${inP('rated_at')} AND satisfied IS NOT NULL) AS rated,
      SUM(${inP('rated_at')} AND satisfied = 1) AS satisfied,
      SUM(${inP('created_at')} AND status IN ('closed', 'closed_unfixed', 'rejected', 'unsatisfied')) AS finished,
      SUM(${inP('created_at')} AND status = 'closed' AND (satisfied IS NULL OR satisfied = 1)) AS fixed,
      SUM(status IN ('submitted', 'accepted', 'awaiting_info')) AS open,
      SUM(status IN ('submitted', 'accepted') AND due_at < ${now}) AS overdueOpen
    FROM reports WHERE ${where} GROUP BY k`
  return new Map(rows.map((r) => {
    const c = Object.fromEntries(Object.entries(r).map(([name, v]) => [name, Number(v ?? 0)])) as Counts
    return [c.k, c]
  }))
}

const NO_COUNTS: Omit<Counts, 'k'> = {
  received: 0, accepted: 0, acceptedOnTime: 0, acceptOverdue: 0, resolved: 0, resolvedOnTime: 0, resolveOverdue: 0, rated: 0, satisfied: 0,
  finished: 0, fixed: 0, open: 0, overdueOpen: 0,
}
const rate = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null)

/** The figures of one scope from its counts and visits. */
function figures(c: Omit<Counts, 'k'> = NO_COUNTS, visits: number, target: number) {
  return {
    reports: { received: c.received, accepted: c.accepted, resolved: c.resolved, open: c.open, overdueOpen: c.overdueOpen },
    acceptedOnTimeRate: rate(c.acceptedOnTime, c.accepted + c.acceptOverdue),
    resolvedOnTimeRate: rate(c.resolvedOnTime, c.resolved + c.resolveOverdue),
    satisfactionRate: rate(c.satisfied, c.rated),
    fixedRate: rate(c.fixed, c.finished),
    visits: { thisMonth: visits, target },
  }
}

/** Visits in the month per group (`key`: worker_id, grid_id or community_id). */
async function visitCounts(deps: Deps, where: Prisma.Sql, key: Prisma.Sql, p: Period): Promise<Map<number, number>> {
  const rows = await deps.db.$queryRaw<{ k: number; n: bigint }[]>`SELECT ${key} AS k, COUNT(*) AS n FROM visit_logs
    WHERE ${where} AND visited_on >= ${p.firstDay} AND visited_on < ${p.nextFirstDay} GROUP BY k`
  return new Map(rows.map((r) => [Number(r.k), Number(r.n)]))
}

const presentPeriod = (p: Period) => ({ month: p.month, from: p.from.toISOString(), to: p.to.toISOString() })

/** A grid the caller sees as staff (scope in the query), else 404. */
async function loadGrid(deps: Deps, actor: Actor, id: number) {
  const s = actor.staff
  const g = await deps.db.grid.findFirst({
    where: { id, OR: [{ streetId: { in: s.streetIds } }, { communityId: { in: s.communityIds } }, { id: { in: s.gridIds } }] },
    select: { id: true, name: true, streetId: true, communityId: true },
  })
  if (!g) throw notFound('网格')
  return g
}

/** A community the caller sees as staff (scope in the query), else 404; by default their only one. */
async function loadCommunity(deps: Deps, actor: Actor, id: number | undefined) {
  if (id === undefined) {
    const mine = roleScope(actor, 'grid_leader', 'committee').communityIds
    if (mine.length !== 1) throw invalid('communityId', '请指定社区')
    id = mine[0]
  }
  const s = actor.staff
  const c = await deps.db.community.findFirst({
    where: {
      id,
      OR: [{ streetId: { in: s.streetIds } }, { id: { in: [...s.communityIds, ...s.gridCommunityIds] } }, { grids: { some: { id: { in: s.gridIds } } } }],
    },
    select: { id: true, name: true, streetId: true },
  })
  if (!c) throw notFound('社区')
  return c
}

/**
 * 考核 figures for one scope and month: a worker's own items (assignee = me) and visits, one grid,
 * or one community. Rates are 0..1, or null when there is nothing to rate.
 */
export async function reportStats(deps: Deps, actor: Actor, q: z.output<typeof ReportStatsQuery>) {
  const now = deps.now()
  const p = statsPeriod(q.month, now)
  const one = Prisma.sql`0`
  if (q.scope === 'me') {
    authorize(actor, statsPolicy.me, null)
    const [counts, visits] = await Promise.all([
      reportCounts(deps, Prisma.sql`assignee_id = ${actor.id}`, one, p, now),
      visitCounts(deps, Prisma.sql`worker_id = ${actor.id}`, one, p),
    ])
    return { period: presentPeriod(p), scope: { kind: 'me' as const, id: actor.id, name: actor.displayName }, ...figures(counts.get(0), visits.get(0) ?? 0, VISIT_TARGET_PER_MONTH) }
  }
  if (q.scope === 'grid') {
    if (q.gridId === undefined) throw invalid('gridId', '请指定网格')
    const g = await loadGrid(deps, actor, q.gridId)
    authorize(actor, statsPolicy.grid, g)
    const [counts, visits] = await Promise.all([
      reportCounts(deps, Prisma.sql`grid_id = ${g.id}`, one, p, now),
      visitCounts(deps, Prisma.sql`grid_id = ${g.id}`, one, p),
    ])
    return { period: presentPeriod(p), scope: { kind: 'grid' as const, id: g.id, name: g.name }, ...figures(counts.get(0), visits.get(0) ?? 0, VISIT_TARGET_PER_MONTH) }
  }
  const c = await loadCommunity(deps, actor, q.communityId)
  authorize(actor, statsPolicy.community, c)
  const [counts, visits, grids] = await Promise.all([
    reportCounts(deps, Prisma.sql`community_id = ${c.id}`, one, p, now),
    visitCounts(deps, Prisma.sql`community_id = ${c.id}`, one, p),
    deps.db.grid.count({ where: { communityId: c.id } }),
  ])
  // The community's visit target: one worker's monthly target per grid.
  return {
    period: presentPeriod(p), scope: { kind: 'community' as const, id: c.id, name: c.name },
    ...figures(counts.get(0), visits.get(0) ?? 0, VISIT_TARGET_PER_MONTH * grids),
  }
}

const WEIGHTS = { resolvedOnTimeRate: 0.4, acceptedOnTimeRate: 0.3, satisfactionRate: 0.3 } as const

/** The 考核测评 score (see SCORE_RULE): weighted rates, missing ones left out and the rest rescaled. */
export function gridScore(f: Record<keyof typeof WEIGHTS, number | null>): number | null {
  let sum = 0
  let weight = 0
  for (const [k, w] of Object.entries(WEIGHTS) as [keyof typeof WEIGHTS, number][]) {
    const v = f[k]
    if (v === null) continue
    sum += v * w
    weight += w
  }
  return weight > 0 ? Math.round((sum / weight) * 1000) / 10 : null
}

/** Every grid of a community with its figures, score and rank (考核测评), for its leaders, committee and street. */
export async function gridRanking(deps: Deps, actor: Actor, q: z.output<typeof GridRankingQuery>) {
  const now = deps.now()
  const p = statsPeriod(q.month, now)
  const c = await loadCommunity(deps, actor, q.communityId)
  authorize(actor, statsPolicy.community, c)
  const [grids, counts, visits] = await Promise.all([
    deps.db.grid.findMany({ where: { communityId: c.id }, select: { id: true, name: true }, orderBy: { id: 'asc' } }),
    reportCounts(deps, Prisma.sql`community_id = ${c.id}`, Prisma.sql`grid_id`, p, now),
    visitCounts(deps, Prisma.sql`community_id = ${c.id}`, Prisma.sql`grid_id`, p),
  ])
  const rows = grids.map((g) => {
    const f = figures(counts.get(g.id), visits.get(g.id) ?? 0, VISIT_TARGET_PER_MONTH)
    return { grid: { id: g.id, name: g.name }, ...f, score: gridScore(f) }
  })
  rows.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.grid.id - b.grid.id)
  const ranked = rows.map((r, i) => ({ ...r, rank: 0, i }))
  for (const r of ranked) r.rank = r.i > 0 && ranked[r.i - 1].score === r.score ? ranked[r.i - 1].rank : r.i + 1
  return {
    period: presentPeriod(p),
    community: { id: c.id, name: c.name },
    scoreRule: SCORE_RULE,
    grids: ranked.map(({ i: _i, ...r }) => r),
  }
}
