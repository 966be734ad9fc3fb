import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { TestServer } from '../../api/test/support/server.ts'
import { ROOT } from './browser.ts'

/** The demo accounts a walk of the portal logs in as: a resident, a grid worker, community staff. */
export type WalkAccount = 'resident1' | 'grid1' | 'committee1'

/** Ids from the demo data that detail pages need in their query string. */
export type DemoIds = {
  notice: number
  /** An important notice (the only kind whose reads are counted). */
  importantNotice: number
  report: number
  service: number
  serviceCommunity: number
  booking: number
  topic: number
  disclosure: number
  /** The election being voted on, and its open round. */
  voting: number
  votingRound: number
  /** The election whose results are published, and its round. */
  published: number
  publishedRound: number
}

/** One page of the walk: who opens it and with which query string. */
export type PageVisit = { route: string; as: WalkAccount; query?: (ids: DemoIds) => string }

const resident = (query?: PageVisit['query']) => ({ as: 'resident1' as const, query })
const staff = (query?: PageVisit['query']) => ({ as: 'committee1' as const, query })
const worker = (query?: PageVisit['query']) => ({ as: 'grid1' as const, query })

/**
 * Every page of app.config.ts, opened as the role that uses it: residents' pages as resident1,
 * the grid worker's (巡查, 民情日志, 诉求工单) as grid1, the rest of the workbench as committee1.
 */
const VISITS: Record<string, Omit<PageVisit, 'route'>> = {
  'pages/index/index': resident(),
  'pages/services/index': resident(),
  'pages/report/index': resident(),
  'pages/consultation/index': resident(),
  'pages/mine/index': resident(),
  'pages/login/index': resident(),
  'packages/profile/realname/index': resident(),
  'packages/profile/binding/index': resident(),
  'packages/profile/info/index': resident(),
  'packages/profile/password/index': staff(),
  'packages/notices/list/index': resident(),
  'packages/notices/detail/index': resident((d) => `id=${d.notice}`),
  'packages/messages/index/index': resident(),
  'packages/reports/new/index': resident(),
  'packages/reports/mine/index': resident(),
  'packages/reports/detail/index': resident((d) => `id=${d.report}`),
  'packages/reports/community/index': resident(),
  'packages/bookings/service/index': resident((d) => `id=${d.service}`),
  'packages/bookings/mine/index': resident(),
  'packages/bookings/detail/index': resident((d) => `id=${d.booking}`),
  'packages/consultations/list/index': resident(),
  'packages/consultations/detail/index': resident((d) => `id=${d.topic}`),
  'packages/consultations/propose/index': resident(),
  'packages/elections/list/index': resident(),
  'packages/elections/detail/index': resident((d) => `id=${d.voting}`),
  'packages/elections/roll/index': resident((d) => `id=${d.voting}`),
  'packages/elections/ballot/index': resident((d) => `id=${d.voting}&round=${d.votingRound}`),
  'packages/elections/board/index': resident((d) => `id=${d.published}&round=${d.publishedRound}`),
  'packages/elections/results/index': resident((d) => `id=${d.published}`),
  'packages/elections/ballots/index': resident((d) => `id=${d.published}&round=${d.publishedRound}`),
  'packages/disclosures/list/index': resident(),
  'packages/disclosures/detail/index': resident((d) => `id=${d.disclosure}`),
  'packages/disclosures/totals/index': resident(),
  'packages/workbench/home/index': staff(),
  'packages/workbench/notices/index': staff(),
  'packages/workbench/compose/index': staff(),
  'packages/workbench/reads/index': staff((d) => `id=${d.importantNotice}`),
  'packages/workbench/inbox/index': worker(),
  'packages/workbench/report/index': worker((d) => `id=${d.report}`),
  'packages/workbench/patrol/index': worker(),
  'packages/workbench/visits/index': worker(),
  'packages/workbench/figures/index': staff(),
  'packages/workbench/services/index': staff(),
  'packages/workbench/service-edit/index': staff((d) => `communityId=${d.serviceCommunity}&id=${d.service}`),
  'packages/workbench/slots/index': staff((d) => `serviceId=${d.service}`),
  'packages/workbench/desk/index': staff(),
  'packages/workbench/elections/index': staff(),
  'packages/workbench/election-edit/index': staff((d) => `id=${d.voting}`),
  'packages/workbench/election/index': staff((d) => `id=${d.voting}`),
  'packages/workbench/consultations/index': staff(),
  'packages/workbench/consultations/open/index': staff(),
  'packages/workbench/consultations/manage/index': staff((d) => `id=${d.topic}`),
  'packages/workbench/disclosures/index': staff(),
  'packages/workbench/disclosures/edit/index': staff((d) => `id=${d.disclosure}`),
  'packages/workbench/disclosures/item/index': staff((d) => `id=${d.disclosure}`),
}

/** The routes app.config.ts declares: the main package's pages, then each subpackage's under its root. */
export function appRoutes(): string[] {
  const source = readFileSync(path.join(ROOT, 'miniapp', 'src', 'app.config.ts'), 'utf8')
  const list = (body: string) => [...body.matchAll(/'([^']+)'/g)].map((m) => m[1])
  const main = list(/\bpages:\s*\[([^\]]*)\]/.exec(source)![1])
  const sub = [...source.matchAll(/root:\s*'([^']+)'[^}]*?pages:\s*\[([^\]]*)\]/g)].flatMap((m) => list(m[2]).map((p) => `${m[1]}/${p}`))
  return [...main, ...sub]
}

/** The walk: one visit per route of app.config.ts; a route missing from VISITS throws (add it there). */
export function portalWalk(): PageVisit[] {
  const routes = appRoutes()
  const missing = routes.filter((r) => !VISITS[r])
  if (missing.length) throw new Error(`no visit for ${missing.join(', ')}: add them to e2e/support/routes.ts`)
  return routes.map((route) => ({ route, ...VISITS[route] }))
}

/** The hash route of a visit with its query (`/packages/x/index?id=3`). */
export const visitPath = (v: PageVisit, ids: DemoIds) => `/${v.route}${v.query ? `?${v.query(ids)}` : ''}`

/** Reads the ids detail pages need from the demo data, through the API as each role sees it. */
export async function demoIds(server: TestServer): Promise<DemoIds> {
  const [residentApi, staffApi] = await Promise.all([server.as('resident1'), server.as('committee1')])
  const data = async (client: typeof residentApi, p: string) => {
    const res = await client.get(p)
    if (res.status !== 200) throw new Error(`GET ${p}: ${res.status} ${JSON.stringify(res.body)}`)
    return res.body.data
  }
  const [notices, reports, services, bookings, topics, disclosures, elections] = await Promise.all([
    data(residentApi, '/api/v1/notices'),
    data(residentApi, '/api/v1/reports?box=mine'),
    data(residentApi, '/api/v1/services'),
    data(residentApi, '/api/v1/bookings?when=all'),
    data(residentApi, '/api/v1/consultations'),
    data(residentApi, '/api/v1/disclosures'),
    data(staffApi, '/api/v1/elections'),
  ])
  const election = (phase: string) => elections.find((e: { phase: string }) => e.phase === phase)
  const [voting, published] = await Promise.all(
    [election('formal'), election('published')].map((e) => data(staffApi, `/api/v1/elections/${e.id}`)),
  )
  return {
    notice: notices[0].id,
    importantNotice: notices.find((n: { importance: string }) => n.importance === 'important').id,
    report: reports[0].id,
    service: services[0].id,
    serviceCommunity: services[0].communityId,
    booking: bookings[0].id,
    topic: topics[0].id,
    disclosure: disclosures[0].id,
    voting: voting.id,
    votingRound: voting.rounds[0].id,
    published: published.id,
    publishedRound: published.rounds[0].id,
  }
}
