import { deadlineAfter, WorkingCalendar } from '../core/calendar.ts'
import type { Db } from '../core/db.ts'
import { open311KeyHash } from '../modules/open311/open311.keys.ts'

type SeedTx = Parameters<Parameters<Db['$transaction']>[0]>[0]

/** The Open311 API key of the demo's first community (published in README: demo data only). */
export const DEMO_OPEN311_KEY = 'demo-open311-key'

const WORKDAY_MINUTES = 420 // 9:00–12:00 and 13:30–17:30, the seeded work_periods

/** The demo's report categories, in the order residents see them. */
export const DEMO_REPORT_CATEGORIES = [
  { code: 'water_power', name: '水电气', description: '停水停电、燃气异味、管道漏水等', accept: 120, resolveDays: 3 },
  { code: 'sanitation', name: '环境卫生', description: '垃圾清运、楼道杂物、卫生死角', accept: 120, resolveDays: 2 },
  { code: 'facility', name: '公共设施', description: '路灯、电梯、健身器材、井盖等损坏', accept: 240, resolveDays: 5 },
  { code: 'safety', name: '治安隐患', description: '消防通道堵塞、可疑人员、安全隐患（加急，按自然时间计时）', accept: 30, resolveMinutes: 24 * 60, clock: 'calendar' },
  { code: 'dispute', name: '邻里纠纷', description: '噪音、漏水殃及、占用公共空间等邻里矛盾', accept: 240, resolveDays: 5 },
  { code: 'property', name: '物业服务', description: '物业维修、保洁、收费等问题', accept: 240, resolveDays: 3, department: 'NY-WY' },
  { code: 'city_mgmt', name: '市容城管', description: '占道经营、乱搭乱建、违规广告', accept: 240, resolveDays: 5, department: 'NY-CG' },
  { code: 'other', name: '其他', description: '不属于以上类别的问题和建议', accept: 480, resolveDays: 10 },
] as const

/**
 * The categories as report_categories rows; `departmentId` maps the demo's department codes
 * (NY-WY, NY-CG) to ids. Shared with the benchmark data set (bench/seed-reports.ts).
 */
export function demoCategoryRows(departmentId: (code: 'NY-WY' | 'NY-CG') => number) {
  return DEMO_REPORT_CATEGORIES.map((c, i) => ({
    code: c.code,
    name: c.name,
    description: c.description,
    handlingUnit: 'department' in c ? ('department' as const) : ('grid' as const),
    departmentId: 'department' in c ? departmentId(c.department) : null,
    acceptMinutes: c.accept,
    resolveMinutes: 'resolveDays' in c ? c.resolveDays * WORKDAY_MINUTES : c.resolveMinutes,
    clock: 'clock' in c ? c.clock : ('working' as const),
    sortOrder: (i + 1) * 10,
  }))
}

/**
 * Days that differ from "Monday to Friday work". 2026 follows 国务院办公厅关于2026年部分节假日安排的通知
 * (2025-11-04). 2027's notice was not at hand when this was written: only the fixed-date statutory
 * holidays are here, without 调休 make-up days or the lunar holidays — check against the official
 * notice (and add 春节, 清明, 端午, 中秋 and the make-up days) before using this calendar in production.
 */
export const DEMO_CALENDAR: { day: string; kind: 'holiday' | 'workday'; name: string }[] = [
  ...range('2026-01-01', 3, '元旦'), { day: '2026-01-04', kind: 'workday', name: '元旦调休上班' },
  ...range('2026-02-15', 9, '春节'), { day: '2026-02-14', kind: 'workday', name: '春节调休上班' }, { day: '2026-02-28', kind: 'workday', name: '春节调休上班' },
  ...range('2026-04-04', 3, '清明节'),
  ...range('2026-05-01', 5, '劳动节'), { day: '2026-05-09', kind: 'workday', name: '劳动节调休上班' },
  ...range('2026-06-19', 3, '端午节'),
  ...range('2026-09-25', 3, '中秋节'),
  ...range('2026-10-01', 7, '国庆节'), { day: '2026-09-20', kind: 'workday', name: '国庆节调休上班' }, { day: '2026-10-10', kind: 'workday', name: '国庆节调休上班' },
  // 2027: fixed dates only, unverified against the official notice (see above).
  ...range('2027-01-01', 1, '元旦'),
  ...range('2027-05-01', 2, '劳动节'),
  ...range('2027-10-01', 7, '国庆节'),
]

function range(first: string, days: number, name: string) {
  const start = Date.parse(`${first}T00:00:00Z`)
  return Array.from({ length: days }, (_, i) => ({ day: new Date(start + i * 86400_000).toISOString().slice(0, 10), kind: 'holiday' as const, name }))
}

// 五必访 flags on households of the first community, two per grid: [grid index, household index, flags].
const CARE_FLAGS: [number, number, ('new_resident' | 'elderly_alone' | 'disabled' | 'left_behind_child' | 'migrant')[]][] = [
  [0, 5, ['elderly_alone']], [0, 27, ['disabled', 'elderly_alone']],
  [1, 8, ['left_behind_child']], [1, 33, ['new_resident']],
  [2, 11, ['migrant']], [2, 24, ['elderly_alone']],
  [3, 2, ['disabled']], [3, 37, ['new_resident', 'migrant']],
]

export type DemoReportsInput = {
  communityIds: number[]
  gridIds: number[]
  residentIds: Record<string, number>
  staffIds: Record<string, number>
  /** The households of the first community's four grids, in grid order. */
  householdsOfFirstGrids: number[][]
}

/**
 * Loads the report side of the demo: categories (two handled by departments), the 2026–2027
 * working calendar, an Open311 client of the first community with the published demo key,
 * 五必访 flags on households of 青石社区, and five reports there in different states. Runs inside
 * seedDemo's transaction, after the staff exist.
 */
export async function seedDemoReports(tx: SeedTx, input: DemoReportsInput): Promise<void> {
  const departments = await tx.department.findMany({ select: { id: true, code: true } })
  await tx.reportCategory.createMany({ data: demoCategoryRows((code) => departments.find((d) => d.code === code)!.id) })
  await tx.calendarDay.createMany({ data: DEMO_CALENDAR.map((d) => ({ day: new Date(`${d.day}T00:00:00Z`), kind: d.kind, name: d.name })) })
  await tx.open311Client.create({
    data: { communityId: input.communityIds[0], name: '12345 热线（演示）', keyHash: open311KeyHash(DEMO_OPEN311_KEY) },
  })
  await tx.householdCareFlag.createMany({
    data: CARE_FLAGS.flatMap(([g, h, flags]) => flags.map((flag) => ({ householdId: input.householdsOfFirstGrids[g][h], flag }))),
  })
  await seedDemoReportItems(tx, input)
}

type DemoStep = { kind: 'accepted' | 'replied' | 'resolved' | 'rated' | 'warned' | 'escalated'; hoursAgo: number; text?: string }
type DemoReport = {
  resident: string; worker: string; category: string; description: string; hoursAgo: number; steps: DemoStep[]
  rating?: { satisfied: boolean; comment: string }
}

// Five reports of 青石社区 in different states, as the report services would have left them.
const DEMO_REPORTS: DemoReport[] = [
  { resident: 'resident1', worker: 'grid1', category: 'sanitation', hoursAgo: 1, steps: [], description: '3单元楼道里堆了很多纸箱和旧家具，挡住了通道，请帮忙协调清理。' },
  {
    resident: 'resident2', worker: 'grid2', category: 'facility', hoursAgo: 26, description: '小区东门到5号楼之间的两盏路灯不亮了，晚上走路看不清。',
    steps: [{ kind: 'accepted', hoursAgo: 24 }, { kind: 'replied', hoursAgo: 20, text: '已联系物业电工，明天上午更换灯具，请您留意。' }],
  },
  {
    resident: 'resident1', worker: 'grid1', category: 'water_power', hoursAgo: 74, description: '厨房水表前的阀门一直在滴水，地上有积水。',
    steps: [{ kind: 'accepted', hoursAgo: 72 }, { kind: 'resolved', hoursAgo: 26, text: '已请自来水公司更换阀门，现场已无滴漏，请您确认。' }],
  },
  {
    resident: 'resident3', worker: 'grid3', category: 'dispute', hoursAgo: 240, description: '楼上住户晚上十一点后还在拖动家具，声音很大，影响休息。',
    steps: [
      { kind: 'accepted', hoursAgo: 238 }, { kind: 'replied', hoursAgo: 200, text: '已上门与楼上住户沟通，对方表示会注意，并在椅子脚加装软垫。' },
      { kind: 'resolved', hoursAgo: 170, text: '双方已当面沟通，达成一致，三天回访未再出现噪音。' }, { kind: 'rated', hoursAgo: 150 },
    ],
    rating: { satisfied: true, comment: '网格员很耐心，问题解决了，谢谢！' },
  },
  {
    resident: 'resident5', worker: 'grid1', category: 'facility', hoursAgo: 14 * 24, description: '1号楼2单元门禁坏了，门一直关不上，陌生人可以随意进出。',
    steps: [{ kind: 'accepted', hoursAgo: 14 * 24 - 2 }, { kind: 'replied', hoursAgo: 12 * 24, text: '已报修，门禁厂家配件到货后更换。' }],
  },
]

/**
 * Demo reports for 青石社区 (submitted, accepted with a reply, resolved awaiting the rating, closed
 * satisfied, and one past its resolve deadline, escalated to the grid leader), written directly:
 * the report services read categories and the calendar outside the seed's transaction. Deadlines
 * come from the working calendar as the services compute them; no photos (no files in the demo).
 */
async function seedDemoReportItems(tx: SeedTx, input: DemoReportsInput): Promise<void> {
  const periods = await tx.workPeriod.findMany({ orderBy: { startMinute: 'asc' } })
  const cal = new WorkingCalendar({
    days: new Map(DEMO_CALENDAR.map((d) => [d.day, { kind: d.kind, name: d.name }])),
    periods: periods.map((p) => ({ start: p.startMinute, end: p.endMinute })),
  })
  const categories = new Map((await tx.reportCategory.findMany()).map((c) => [c.code, c]))
  const now = Date.now()
  const ago = (hours: number) => new Date(now - hours * 3600_000)
  for (const d of DEMO_REPORTS) {
    const c = categories.get(d.category)!
    const reporterId = input.residentIds[d.resident]
    const assigneeId = input.staffIds[d.worker]
    const binding = await tx.householdBinding.findFirstOrThrow({ where: { userId: reporterId, status: 'approved' }, include: { household: { include: { building: true } } } })
    const h = binding.household
    const createdAt = ago(d.hoursAgo)
    const acceptDueAt = deadlineAfter(cal, createdAt, c.acceptMinutes, c.clock)
    const resolveDueAt = deadlineAfter(cal, createdAt, c.resolveMinutes, c.clock)
    const at = (kind: DemoStep['kind']) => { const s = d.steps.find((x) => x.kind === kind); return s ? ago(s.hoursAgo) : null }
    // A satisfied rating closes the report (as rateReport does).
    const [acceptedAt, resolvedAt, closedAt] = [at('accepted'), at('resolved'), d.rating?.satisfied ? at('rated') : null]
    const status = closedAt ? 'closed' : resolvedAt ? 'resolved' : acceptedAt ? 'accepted' : 'submitted'
    const dueAt = status === 'submitted' ? acceptDueAt : status === 'accepted' ? resolveDueAt : null
    const overdue = dueAt !== null && dueAt.getTime() < now
    const steps: DemoStep[] = overdue ? [...d.steps, { kind: 'warned', hoursAgo: (now - dueAt.getTime()) / 3600_000 + 0.5 }, { kind: 'escalated', hoursAgo: (now - dueAt.getTime()) / 3600_000 }] : d.steps
    const report = await tx.report.create({
      data: {
        source: 'resident', reporterId, categoryId: c.id, description: d.description, status,
        locationKind: 'household', householdId: h.id, buildingId: h.buildingId, latitude: h.building.latitude, longitude: h.building.longitude,
        gridId: h.gridId, communityId: h.communityId, streetId: h.streetId, handlingUnit: 'grid', assigneeId,
        escalationLevel: overdue ? 1 : 0, acceptDueAt, resolveDueAt, dueAt,
        // As the deadline job leaves it: after escalating, the next level is called an accept time later.
        escalateAt: overdue ? deadlineAfter(cal, dueAt, c.acceptMinutes, c.clock) : status === 'resolved' ? new Date(resolvedAt!.getTime() + 7 * 86400_000) : dueAt,
        warnedDueAt: overdue ? dueAt : null,
        acceptedAt, acceptedLate: acceptedAt ? acceptedAt > acceptDueAt : null, resolvedAt, resolvedLate: resolvedAt ? resolvedAt > resolveDueAt : null,
        satisfied: d.rating?.satisfied ?? null, ratingComment: d.rating?.comment ?? null, ratedAt: at('rated'), closedAt,
        version: steps.length, createdAt, updatedAt: steps.length ? ago(Math.min(...steps.map((x) => x.hoursAgo))) : createdAt,
      },
    })
    const worker = { actorId: assigneeId, actorRole: 'grid_worker' }
    const system = { actorId: null, actorRole: 'system' }
    await tx.reportEvent.createMany({
      data: [
        { kind: 'submitted', actorId: reporterId, actorRole: 'resident', createdAt },
        { kind: 'assigned', ...system, text: '已派发给网格员', createdAt },
        ...steps.sort((x, y) => y.hoursAgo - x.hoursAgo).map((x) => ({
          kind: x.kind, createdAt: ago(x.hoursAgo),
          ...(x.kind === 'rated' ? { actorId: reporterId, actorRole: 'resident', text: d.rating!.comment, data: { satisfied: d.rating!.satisfied } }
            : x.kind === 'warned' ? { ...system, isInternal: true, text: '办结时限即将到期' }
              : x.kind === 'escalated' ? { ...system, text: '已超期，升级至网格长督办', data: { level: 1, from: 0, step: status } }
                : { ...worker, text: x.text ?? null }),
        })),
      ].map((e) => ({ reportId: report.id, ...e })),
    })
  }
}
