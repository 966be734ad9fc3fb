import { WorkingCalendar } from '../core/calendar.ts'
import type { Db } from '../core/db.ts'
import { newBookingCode } from '../modules/bookings/booking.create.ts'
import { expandPattern, type PlannedSlot } from '../modules/services/slot.pattern.ts'
import { DEMO_CALENDAR } from './demoReports.ts'

type SeedTx = Parameters<Parameters<Db['$transaction']>[0]>[0]

const MINUTE = 60_000
const DAY = 86_400_000
/** Asia/Shanghai is UTC+8 all year. */
const OFFSET = 8 * 60 * MINUTE
/** How many days of slots the demo publishes, counted from the day the seed runs (Asia/Shanghai). */
export const DEMO_SLOT_DAYS = 14

type Material = { name: string; note?: string; copies?: number }
type DemoService = {
  name: string
  department: string
  description: string
  materials: Material[]
  durationMinutes: number
  eligibility?: 'community' | 'any_bound' | 'groups'
  eligibleFlags?: string[]
  feeFen?: number
  freeCancelHours?: number
  requiresConfirmation?: boolean
  homeService?: boolean
  /** Slot start and end times ('HH:mm', Asia/Shanghai) on the days it is offered. */
  times: [string, string][]
  capacity: number
  /** ISO weekdays (1 = Monday … 7 = Sunday) it is offered on; a 调休 working weekend day counts as a weekday. Default: Monday–Friday (every working day). */
  weekdays?: number[]
}

const halfHours = (from: string, count: number): [string, string][] => {
  const [h, m] = from.split(':').map(Number)
  return Array.from({ length: count }, (_, i) => [clock(h * 60 + m + i * 30), clock(h * 60 + m + (i + 1) * 30)])
}
const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`

/** The services every demo community offers, in the order residents see them. */
export const DEMO_SERVICES: DemoService[] = [
  {
    name: '居住证办理',
    department: '社区服务中心 1号窗口',
    description: '在本市居住满半年、有稳定住所的非本市户籍居民，可申领居住证。材料齐全的当场受理，约15个工作日后到本窗口领取。',
    materials: [
      { name: '身份证原件', note: '在有效期内' },
      { name: '户口本原件', note: '户主页和本人页' },
      { name: '租房合同或房产证复印件', note: '租房的带上已登记备案的合同', copies: 1 },
      { name: '一寸照片', note: '近6个月内白底免冠彩色照片', copies: 2 },
    ],
    durationMinutes: 20,
    times: [...halfHours('09:00', 5), ...halfHours('14:00', 6)],
    capacity: 10,
  },
  {
    name: '开具居住证明',
    department: '社区服务中心 2号窗口',
    description: '为本社区居民开具居住证明（入学、就业、办理社保等用途），核实后当场出具。',
    materials: [
      { name: '身份证原件' },
      { name: '房产证或租房合同原件', note: '房屋须在本社区' },
      { name: '用途说明', note: '如学校或单位要求的证明格式，请一并带来' },
    ],
    durationMinutes: 15,
    times: [['09:00', '10:00'], ['10:00', '11:00'], ['14:00', '15:00'], ['15:00', '16:00']],
    capacity: 6,
  },
  {
    name: '老年人优待证办理',
    department: '社区服务中心 3号窗口',
    description: '为本社区独居老人办理老年人优待证（乘公交、游览公园等优待）。预约后由社区工作人员先电话核实，确认后请按时到窗口办理。',
    materials: [
      { name: '身份证原件' },
      { name: '户口本原件' },
      { name: '一寸照片', note: '白底免冠彩色照片', copies: 1 },
    ],
    durationMinutes: 20,
    eligibility: 'groups',
    eligibleFlags: ['elderly_alone'],
    requiresConfirmation: true,
    times: [['09:00', '10:00'], ['10:00', '11:00']],
    capacity: 4,
    weekdays: [2, 4],
  },
  {
    name: '上门维修（水电）',
    department: '物业维修服务站',
    description: '物业电工、水工上门处理家中水管滴漏、龙头更换、开关插座损坏、跳闸等小修。上门费30元，更换的配件费用另计、现场结算。',
    materials: [
      { name: '问题照片', note: '如方便，提前拍好漏水或损坏处，备注里说明情况' },
      { name: '家中留人', note: '预约时段内请确保家中有成年人' },
    ],
    durationMinutes: 60,
    feeFen: 3000,
    freeCancelHours: 4,
    homeService: true,
    times: [['09:00', '10:00'], ['10:00', '11:00'], ['14:00', '15:00'], ['15:00', '16:00'], ['16:00', '17:00']],
    capacity: 2,
  },
]

/** The Shanghai day number (days since 1970-01-01) of an instant, and back to its 'YYYY-MM-DD'. */
const dayOf = (ms: number) => Math.floor((ms + OFFSET) / DAY)
const dayKey = (day: number) => new Date(day * DAY).toISOString().slice(0, 10)
/** The instant of 'HH:mm' on a Shanghai day. */
const at = (day: number, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number)
  return new Date(day * DAY - OFFSET + (h * 60 + m) * MINUTE)
}

/**
 * The slots of a demo service over the Shanghai days [firstDay, firstDay + days), as staff publishing
 * its weekly pattern would get them (the services module's expandPattern): working days of the
 * calendar only (holidays skipped, a 调休 working Saturday or Sunday counting as a weekday), on the
 * chosen weekdays (default Monday–Friday), only those starting after `now`.
 */
export function demoSlotTimes(cal: WorkingCalendar, firstDay: number, days: number, s: Pick<DemoService, 'times' | 'weekdays' | 'capacity'>, now: Date): PlannedSlot[] {
  return expandPattern(cal, {
    from: dayKey(firstDay),
    to: dayKey(firstDay + days - 1),
    weekdays: s.weekdays ?? [1, 2, 3, 4, 5],
    times: s.times.map(([start, end]) => ({ start, end })),
    capacity: s.capacity,
    workingDaysOnly: true,
  }, now).slots
}

export type DemoServicesInput = {
  communityIds: number[]
  residentIds: Record<string, number>
  /** Who published the services (committee1). */
  createdById: number
  now?: Date
}

/**
 * The appointment side of the demo: DEMO_SERVICES in every community, each with slots on the
 * working days of the coming two weeks (from the moment the seed runs, by the demo's working
 * calendar), and one confirmed booking of 居住证办理 for resident1 (seat counted, seat key set) so
 * that 我的预约 is not empty. Runs inside seedDemo's transaction, after seedDemoReports (which
 * loads the calendar).
 */
export async function seedDemoServices(tx: SeedTx, input: DemoServicesInput): Promise<void> {
  const now = input.now ?? new Date()
  const cal = new WorkingCalendar({
    days: new Map(DEMO_CALENDAR.map((d) => [d.day, { kind: d.kind, name: d.name }])),
    // Only the days matter for slots; the periods are the seeded work_periods' (09:00–12:00, 13:30–17:30).
    periods: [{ start: 540, end: 720 }, { start: 810, end: 1050 }],
  })
  const today = dayOf(now.getTime())
  const firstSlotOf = new Map<number, { id: number; startsAt: Date }[]>()
  for (const communityId of input.communityIds) {
    for (const [i, s] of DEMO_SERVICES.entries()) {
      const service = await tx.service.create({
        data: {
          communityId,
          name: s.name,
          department: s.department,
          description: s.description,
          materials: s.materials,
          durationMinutes: s.durationMinutes,
          eligibility: s.eligibility ?? 'community',
          eligibleFlags: s.eligibleFlags ?? undefined,
          feeFen: s.feeFen ?? 0,
          freeCancelHours: s.freeCancelHours ?? 2,
          requiresConfirmation: s.requiresConfirmation ?? false,
          homeService: s.homeService ?? false,
          sortOrder: (i + 1) * 10,
          createdById: input.createdById,
        },
      })
      const slots = demoSlotTimes(cal, today, DEMO_SLOT_DAYS, s, now)
      await tx.serviceSlot.createMany({ data: slots.map((x) => ({ serviceId: service.id, ...x, capacity: s.capacity })) })
      if (communityId === input.communityIds[0] && s.name === '居住证办理') {
        firstSlotOf.set(service.id, await tx.serviceSlot.findMany({ where: { serviceId: service.id }, orderBy: { startsAt: 'asc' }, select: { id: true, startsAt: true } }))
      }
    }
  }
  // resident1 has booked 居住证办理 at 10:00 on the second working day from now.
  const [[serviceId, slots]] = [...firstSlotOf]
  const days = [...new Set(slots.map((x) => dayOf(x.startsAt.getTime())))].filter((d) => d > today)
  const slot = slots.find((x) => x.startsAt.getTime() === at(days[1] ?? days[0] ?? today, '10:00').getTime()) ?? slots[0]
  if (!slot) return
  await tx.serviceSlot.update({ where: { id: slot.id }, data: { booked: { increment: 1 } } })
  await tx.booking.create({
    data: {
      code: newBookingCode(),
      serviceId,
      slotId: slot.id,
      seatSlotId: slot.id,
      communityId: input.communityIds[0],
      userId: input.residentIds.resident1,
      note: '孩子上学需要，想顺便咨询一下随迁子女入学的材料。',
      status: 'confirmed',
      confirmedAt: now,
    },
  })
}
