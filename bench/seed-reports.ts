// The problem-report part of `npm run seed:large` (issue 8): the demo's categories and working
// calendar, an Open311 client per community, and N historical reports (default 1,000,000) over the
// last two years with their timelines. Set-based SQL over seq tables with CRC32 of the row number as
// the random source, as in seed-large.ts, so two runs build the same data.
//
// Shape: ids rise with time; each grid gets ~N/G reports from its own households (50%), buildings
// (30%) or points near them (20%); 90% filed by residents, 8% by the grid's worker on patrol
// (already accepted), 2% through Open311. The newest 4% (~29 days) hold the open work: the younger a
// report the likelier it is still open (~2% of all end up submitted/accepted/awaiting_info), plus
// reports resolved in the last week awaiting a rating, and some unsatisfied ones. Older reports are
// closed (90%), closed not fixed (4%) or rejected (6%). Grid categories are assigned to the grid's
// primary worker; 物业服务 and 市容城管 go to their department's queue (no assignee).
//
// Deadlines of finished reports are approximated in clock time (a working minute ≈ 4.8 clock
// minutes: 7 × 1440 / (5 × 420)); those of unfinished reports are computed exactly on the working
// calendar (core/calendar.ts) in Node and written back, and due_at, escalate_at, warned_due_at and
// escalation_level follow the rules of jobs/reportDeadlines.ts.
import mysql from 'mysql2/promise'
import { deadlineAfter, WorkingCalendar } from '../api/src/core/calendar.ts'
import { open311KeyHash } from '../api/src/modules/open311/open311.keys.ts'
import { DEMO_CALENDAR, demoCategoryRows } from '../api/src/seed/demoReports.ts'

type Query = (sql: string, params?: unknown[]) => Promise<unknown>
type Step = <T>(label: string, fn: () => Promise<T>) => Promise<T>

/** Ids of the seed-large data this part builds on. */
export type ReportSeedInput = { reports: number; grids: number; communities: number; gridWorkerId: (g: number) => number }

const F = 4.8 // clock minutes per working minute, for the approximated deadlines of finished reports
const SPAN = 730 * 86400 // two years, in seconds
const WINDOW = 0.04 // the newest share of reports that may still be open

// Descriptions per category (in DEMO_REPORT_CATEGORIES order), picked by the row's hash.
const DESCRIPTIONS = [
  ['楼道内水管漏水，地面积水较多，请尽快派人维修。', '单元楼停电已超过两个小时，电梯也停了，老人上下楼不便。', '厨房附近闻到燃气味，担心管道泄漏，请尽快检查。', '自来水水压很低，高层住户基本没水。'],
  ['小区垃圾桶已满两天无人清运，气味很大。', '楼道里堆放大量杂物和纸箱，影响通行也有火灾隐患。', '绿化带里有很多建筑垃圾，请安排清理。', '单元门口有宠物粪便，希望加强保洁。'],
  ['小区路灯坏了好几盏，晚上出行很不安全。', '健身器材螺丝松动，孩子玩耍有危险。', '人行道井盖破损塌陷，请尽快修复。', '单元门禁坏了，门一直关不上。'],
  ['消防通道被私家车长期占用，发生火情无法通行。', '楼道里有电动车违规充电，电线拖到地上。', '最近夜间有陌生人在车棚附近徘徊，请加强巡查。', '楼顶护栏松动，存在坠落风险。'],
  ['楼上住户夜间噪音很大，多次沟通无果。', '邻居在公共走廊堆放杂物，协商不成，请社区调解。', '楼上卫生间漏水殃及我家天花板，双方对维修费用有分歧。', '邻居饲养的狗经常在夜间吠叫，影响休息。'],
  ['物业维修报修一周无人上门。', '电梯频繁故障，物业处理不及时。', '物业收费项目不清楚，希望公示明细。', '小区保洁频次明显减少，请物业改进。'],
  ['小区门口有流动摊贩占道经营，影响通行。', '临街商铺违规搭建雨棚。', '路边有大量违规张贴的小广告。', '有人在绿地上私自圈地种菜。'],
  ['希望在小区增设快递柜。', '建议在活动中心增加老年人活动时间。', '小区周边缺少公交站，出行不便。', '希望社区组织更多亲子活动。'],
]
const RESOLVE_TEXTS = ['已联系相关单位现场处理完毕，请查看。', '已安排维修人员上门，问题已解决。', '已现场核实并协调处理，后续将持续关注。', '已完成清理整治，欢迎继续监督。']
const COMMENTS = ['处理及时，非常满意。', '问题解决了，谢谢网格员。', '效果不错，希望保持。', '处理太慢了。', '问题没有彻底解决。']

const list = (xs: string[]) => xs.map((x) => mysql.escape(x)).join(', ')

/**
 * Seeds categories, calendar, Open311 clients and the historical reports with their events into
 * the seed-large database, on the connection of `q` (it uses temporary tables). Returns the counts.
 */
export async function seedReports(q: Query, step: Step, input: ReportSeedInput): Promise<Record<string, number>> {
  const N = Math.floor(input.reports)
  const rows = async <T>(sql: string, params?: unknown[]) => ((await q(sql, params)) as [T[]])[0]

  await step('report categories, working calendar 2026–2027, Open311 clients', async () => {
    const depts = await rows<{ id: number; code: string }>("SELECT id, code FROM departments WHERE code IN ('BENCH-WY', 'BENCH-CG')")
    const dept = (code: 'NY-WY' | 'NY-CG') => depts.find((d) => d.code === (code === 'NY-WY' ? 'BENCH-WY' : 'BENCH-CG'))!.id
    const cats = demoCategoryRows(dept)
    await q(`INSERT INTO report_categories (id, code, name, description, handling_unit, department_id, accept_minutes, resolve_minutes, clock, sort_order, updated_at)
             VALUES ?`, [cats.map((c, i) => [i + 1, c.code, c.name, c.description, c.handlingUnit, c.departmentId, c.acceptMinutes, c.resolveMinutes, c.clock, c.sortOrder, new Date()])])
    await q('INSERT INTO calendar_days (day, kind, name) VALUES ?', [DEMO_CALENDAR.map((d) => [d.day, d.kind, d.name])])
    await q('INSERT INTO open311_clients (id, community_id, name, key_hash) VALUES ?',
      [Array.from({ length: input.communities }, (_, i) => [i + 1, i + 1, '12345 热线（压测）', open311KeyHash(`bench-open311-key-${i + 1}`)])])
  })
  if (N < 1) return {}

  const W = input.gridWorkerId(0) // grid worker of grid g: W + g
  await step(`reports: ${N.toLocaleString('en-US')} over two years`, async () => {
    await q(`CREATE TEMPORARY TABLE tmp_rg (grid_id INT PRIMARY KEY, h0 INT, hn INT)
             SELECT grid_id, MIN(id) AS h0, COUNT(*) AS hn FROM households GROUP BY grid_id`)
    await q(`CREATE TEMPORARY TABLE tmp_owner (household_id INT PRIMARY KEY, user_id INT)
             SELECT household_id, MIN(user_id) AS user_id FROM household_bindings WHERE status = 'approved' GROUP BY household_id`)
    // Per report: grid, household, category, location kind, source, time, age within the window (f < 1), rolls.
    await q(`CREATE TEMPORARY TABLE tmp_r (id INT PRIMARY KEY, grid_id INT, household_id INT, cat INT, loc TINYINT, src TINYINT,
               ts DATETIME(3), age INT, f DOUBLE, u INT, v BIGINT, status VARCHAR(16))`)
    const k = (tag: string) => `CRC32(CONCAT('${tag}', s.seq))`
    const pct = k('k') + ' % 100'
    await q(`INSERT INTO tmp_r (id, grid_id, household_id, cat, loc, src, ts, age, f, u, v)
             SELECT s.seq, g.grid_id, g.h0 + ${k('h')} % g.hn,
                    1 + (${pct} >= 15) + (${pct} >= 40) + (${pct} >= 60) + (${pct} >= 65) + (${pct} >= 75) + (${pct} >= 87) + (${pct} >= 95),
                    (${k('l')} % 10 >= 5) + (${k('l')} % 10 >= 8), (${k('o')} % 100 >= 90) + (${k('o')} % 100 >= 98),
                    UTC_TIMESTAMP(3) - INTERVAL ((${N} - s.seq) * ${SPAN} DIV ${N} + ${k('j')} % 600) SECOND,
                    (${N} - s.seq) * ${SPAN} DIV ${N} + ${k('j')} % 600,
                    (${N} - s.seq) / (${N} * ${WINDOW}), ${k('s')} % 1000, ${k('v')}
             FROM seq_1_to_${N} s JOIN tmp_rg g ON g.grid_id = 1 + ${k('g')} % ${input.grids}`)
    // Patrol reports start accepted, so they are never 'submitted'.
    await q(`UPDATE tmp_r SET status = CASE
               WHEN f < 1 AND u < 950 - 900 * f THEN CASE
                 WHEN src <> 1 AND (age < 86400 OR v % 100 < 8) THEN 'submitted' WHEN v % 100 < 22 THEN 'awaiting_info' ELSE 'accepted' END
               WHEN f < 1 AND age < 6 * 86400 AND v % 10 < 6 THEN 'resolved'
               WHEN f < 1 AND age < 6 * 86400 AND v % 10 < 7 THEN 'unsatisfied'
               WHEN (v DIV 1000) % 100 < 4 THEN 'closed_unfixed'
               WHEN (v DIV 1000) % 100 < 10 AND src <> 1 THEN 'rejected'
               ELSE 'closed' END`)
    // Offsets after ts, in seconds: accepted, resolved, rated (or auto-closed), all before now.
    const due = (col: string) => `c.${col} * 60 * IF(c.clock = 'calendar', 1, ${F})`
    const acc = `IF(r.src = 1, 0, LEAST(r.age * 0.3, ${due('accept_minutes')} * (0.1 + (r.v DIV 10) % 130 / 100)))`
    const res = `(${acc} + LEAST(r.age * 0.6, ${due('resolve_minutes')} * (0.2 + (r.v DIV 13) % 110 / 100)))`
    const rate = `(${res} + LEAST(r.age * 0.09, 3600 * (1 + (r.v DIV 17) % 47)))`
    const rated = `(r.status IN ('unsatisfied', 'closed_unfixed') OR (r.status = 'closed' AND (r.v DIV 19) % 10 < 8))`
    const closeAt = `r.ts + INTERVAL IF(${rated}, ${rate}, LEAST(${res} + 7 * 86400, r.age - 60)) SECOND`
    const at = (off: string) => `r.ts + INTERVAL ${off} SECOND`
    const isIn = (...s: string[]) => `(r.status IN (${list(s)}))`
    const accepted = isIn('accepted', 'awaiting_info', 'resolved', 'unsatisfied', 'closed', 'closed_unfixed')
    const resolved = isIn('resolved', 'unsatisfied', 'closed', 'closed_unfixed')
    const descSql = `CASE r.cat ${DESCRIPTIONS.map((d, i) => `WHEN ${i + 1} THEN ELT(1 + (r.v DIV 23) % ${d.length}, ${list(d)})`).join(' ')} END`
    await q(`INSERT INTO reports (id, source, reporter_id, open311_client_id, category_id, description, status, paused_from,
               location_kind, household_id, building_id, latitude, longitude, address, grid_id, community_id, street_id,
               handling_unit, department_id, assignee_id, escalation_level, anonymous_to_public,
               accept_due_at, resolve_due_at, due_at, escalate_at, paused_at, accepted_at, accepted_late, resolved_at, resolved_late,
               satisfied, rating_comment, rated_at, closed_at, version, created_at, updated_at)
             SELECT r.id, ELT(1 + r.src, 'resident', 'patrol', 'open311'),
                    CASE r.src WHEN 0 THEN o.user_id WHEN 1 THEN ${W} + r.grid_id END, IF(r.src = 2, h.community_id, NULL),
                    r.cat, ${descSql}, r.status, IF(r.status = 'awaiting_info', 'accepted', NULL),
                    ELT(1 + r.loc, 'household', 'building', 'point'), IF(r.loc = 0, h.id, NULL), IF(r.loc < 2, h.building_id, NULL),
                    b.latitude + IF(r.loc = 2, ((r.v DIV 29) % 200 - 100) / 100000, 0), b.longitude + IF(r.loc = 2, ((r.v DIV 31) % 200 - 100) / 100000, 0),
                    IF(r.loc = 2, CONCAT(b.estate, b.name, '附近'), NULL), r.grid_id, h.community_id, 1,
                    IF(c.handling_unit = 'department' AND r.src <> 1, 'department', 'grid'), IF(c.handling_unit = 'department' AND r.src <> 1, c.department_id, NULL),
                    IF(c.handling_unit = 'department' AND r.src <> 1, NULL, ${W} + r.grid_id), 0, (r.v DIV 37) % 10 = 0,
                    ${at(due('accept_minutes'))}, ${at(due('resolve_minutes'))}, NULL, NULL,
                    IF(r.status = 'awaiting_info', ${at(`(${acc} + (r.age - ${acc}) * 0.5)`)}, NULL),
                    IF(${accepted}, ${at(acc)}, NULL), IF(${accepted}, ${acc} > ${due('accept_minutes')}, NULL),
                    IF(${resolved}, ${at(res)}, NULL), IF(${resolved}, ${res} > ${due('resolve_minutes')}, NULL),
                    IF(${rated}, r.status = 'closed', NULL), IF(${rated} AND (r.v DIV 41) % 3 = 0, ELT(1 + IF(r.status = 'closed', (r.v DIV 43) % 3, 3 + (r.v DIV 43) % 2), ${list(COMMENTS)}), NULL),
                    IF(${rated}, ${at(rate)}, NULL), IF(${isIn('closed', 'closed_unfixed')}, ${closeAt}, NULL),
                    1 + ${accepted} + ${resolved} + ${rated} + ${isIn('closed', 'closed_unfixed', 'rejected')}, r.ts, r.ts
             FROM tmp_r r JOIN report_categories c ON c.id = r.cat JOIN households h ON h.id = r.household_id
             JOIN buildings b ON b.id = h.building_id LEFT JOIN tmp_owner o ON o.household_id = r.household_id`)
  })

  await step('deadlines of unfinished reports on the working calendar', async () => {
    const cal = new WorkingCalendar({
      days: new Map(DEMO_CALENDAR.map((d) => [d.day, { kind: d.kind, name: d.name }])),
      periods: (await rows<{ start_minute: number; end_minute: number }>('SELECT start_minute, end_minute FROM work_periods')).map((p) => ({ start: p.start_minute, end: p.end_minute })),
    })
    const catRows = await rows<{ id: number; accept_minutes: number; resolve_minutes: number; clock: 'working' | 'calendar' }>('SELECT id, accept_minutes, resolve_minutes, clock FROM report_categories')
    const cat = new Map(catRows.map((c) => [c.id, c]))
    const open = await rows<{ id: number; category_id: number; created_at: Date }>(
      `SELECT id, category_id, created_at FROM reports WHERE status IN ('submitted', 'accepted', 'awaiting_info', 'resolved', 'unsatisfied')`)
    await q('CREATE TEMPORARY TABLE tmp_due (id INT PRIMARY KEY, accept_due_at DATETIME(3), resolve_due_at DATETIME(3))')
    for (let i = 0; i < open.length; i += 2000) {
      await q('INSERT INTO tmp_due (id, accept_due_at, resolve_due_at) VALUES ?', [open.slice(i, i + 2000).map((r) => {
        const c = cat.get(r.category_id)!
        return [r.id, deadlineAfter(cal, r.created_at, c.accept_minutes, c.clock), deadlineAfter(cal, r.created_at, c.resolve_minutes, c.clock)]
      })])
    }
    await q(`UPDATE reports r JOIN tmp_due d ON d.id = r.id
             SET r.accept_due_at = d.accept_due_at, r.resolve_due_at = d.resolve_due_at,
                 r.accepted_late = IF(r.accepted_at IS NULL, NULL, r.accepted_at > d.accept_due_at),
                 r.resolved_late = IF(r.resolved_at IS NULL, NULL, r.resolved_at > d.resolve_due_at)`)
    // As jobs/reportDeadlines.ts leaves them: due = the current step's deadline; once past it, one
    // level up per accept time elapsed (up to 街道), the next escalation an accept time later.
    await q(`UPDATE reports SET due_at = IF(status = 'submitted', accept_due_at, resolve_due_at) WHERE status IN ('submitted', 'accepted')`)
    await q(`UPDATE reports r JOIN report_categories c ON c.id = r.category_id
             SET r.escalation_level = LEAST(3, 1 + FLOOR(TIMESTAMPDIFF(MINUTE, r.due_at, UTC_TIMESTAMP(3)) / (c.accept_minutes * IF(c.clock = 'calendar', 1, ${F}))))
             WHERE r.due_at < UTC_TIMESTAMP(3)`)
    await q(`UPDATE reports r JOIN report_categories c ON c.id = r.category_id
             SET r.escalate_at = IF(r.escalation_level = 0, r.due_at,
                   IF(r.escalation_level < 3, r.due_at + INTERVAL r.escalation_level * c.accept_minutes * IF(c.clock = 'calendar', 1, ${F}) MINUTE, NULL)),
                 r.warned_due_at = IF(r.due_at <= UTC_TIMESTAMP(3) + INTERVAL 30 MINUTE, r.due_at, NULL)
             WHERE r.due_at IS NOT NULL`)
    await q(`UPDATE reports SET escalate_at = resolved_at + INTERVAL 7 DAY WHERE status IN ('resolved', 'unsatisfied')`)
    await q(`UPDATE reports SET updated_at = GREATEST(created_at, COALESCE(closed_at, rated_at, resolved_at, paused_at, accepted_at, created_at))`)
  })

  await step('report timelines (report_events)', async () => {
    const ev = (kind: string, actor: string, role: string, at: string, text: string, where: string, extra = 'FALSE') =>
      q(`INSERT INTO report_events (report_id, kind, actor_id, actor_role, text, is_internal, created_at)
         SELECT r.id, '${kind}', ${actor}, ${role}, ${text}, ${extra}, ${at} FROM reports r WHERE ${where} ORDER BY r.id`)
    const handler = `IF(r.handling_unit = 'department', 'dept', 'grid_worker')`
    // Inserted in the order of a report's life, so (report_id, id) is also its time order.
    await ev('submitted', 'r.reporter_id', `IF(r.source = 'open311', 'open311', 'resident')`, 'r.created_at', 'NULL', "r.source <> 'patrol'")
    await ev('patrol', 'r.reporter_id', "'grid_worker'", 'r.created_at', 'NULL', "r.source = 'patrol'")
    await ev('assigned', 'NULL', "'system'", 'r.created_at', `IF(r.handling_unit = 'department', '已派至职能部门办理', '已派发给网格员')`, "r.source <> 'patrol'")
    await ev('accepted', 'r.assignee_id', handler, 'r.accepted_at', 'NULL', "r.accepted_at IS NOT NULL AND r.source <> 'patrol'")
    await ev('info_requested', 'r.assignee_id', handler, 'r.paused_at', "'请补充具体位置和现场照片。'", "r.status = 'awaiting_info'")
    await ev('escalated', 'NULL', "'system'", 'r.due_at', "'已超期，升级督办'", 'r.escalation_level > 0')
    await ev('resolved', 'r.assignee_id', handler, 'r.resolved_at', `ELT(1 + r.id % ${RESOLVE_TEXTS.length}, ${list(RESOLVE_TEXTS)})`, 'r.resolved_at IS NOT NULL')
    await ev('rejected', 'r.assignee_id', handler, 'r.created_at + INTERVAL 2 HOUR', "'经核实不属于本社区管辖范围，已告知办理渠道。'", "r.status = 'rejected'")
    await ev('rated', 'r.reporter_id', "'resident'", 'r.rated_at', 'r.rating_comment', 'r.rated_at IS NOT NULL')
    await ev('closed', 'NULL', "'system'", 'r.closed_at', "'已关闭'", 'r.closed_at IS NOT NULL')
  })
  await step('ANALYZE TABLE reports, report_events', () => q('ANALYZE TABLE report_categories, calendar_days, reports, report_events'))

  const [counts] = await rows<Record<string, number>>(`SELECT (SELECT COUNT(*) FROM reports) reports,
    (SELECT COUNT(*) FROM reports WHERE status IN ('submitted', 'accepted', 'awaiting_info')) open_reports,
    (SELECT COUNT(*) FROM reports WHERE due_at < UTC_TIMESTAMP(3)) overdue, (SELECT COUNT(*) FROM report_events) report_events`)
  return counts
}
