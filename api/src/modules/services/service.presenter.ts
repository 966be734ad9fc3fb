import type { z } from 'zod'
import { jsonArray } from '../../core/json.ts'
import { shanghaiDay } from '../../core/time.ts'
import type { Bookability } from '../bookings/booking.rules.ts'
import { parseEligibleFlags } from '../bookings/booking.rules.ts'
import {
  ELIGIBILITY_LABELS, GROUP_LABELS, type Eligibility, type ServiceDetailView, type ServiceSummaryView, type SlotView,
} from './service.schema.ts'

/** The columns of a service a view needs (a Prisma row). */
export type ServiceRow = {
  id: number; communityId: number; name: string; department: string; description: string; materials: unknown
  durationMinutes: number; eligibility: Eligibility; eligibleFlags: unknown; feeFen: number; bookAheadDays: number
  minNoticeMinutes: number; freeCancelHours: number; requiresConfirmation: boolean; homeService: boolean; active: boolean
  sortOrder: number; version: number
}

export type SlotRow = { id: number; serviceId: number; startsAt: Date; endsAt: Date; capacity: number; booked: number; status: 'open' | 'closed' }

/** A fee as shown to residents: 免费, or yuan with two decimals (¥12.00). */
export function feeText(fen: number): string {
  return fen > 0 ? `¥${(fen / 100).toFixed(2)}` : '免费'
}

/** The materials checklist of a service as stored (JSON text or parsed); malformed lines left out. */
export function presentMaterials(v: unknown): { name: string; note: string | null; copies: number | null }[] {
  return jsonArray(v)
    .filter((m): m is { name: string; note?: unknown; copies?: unknown } => !!m && typeof m === 'object' && typeof (m as { name?: unknown }).name === 'string')
    .map((m) => ({ name: m.name, note: typeof m.note === 'string' ? m.note : null, copies: typeof m.copies === 'number' ? m.copies : null }))
}

/** A span of minutes in words: 3天, 2小时, 90分钟. */
export function minutesText(m: number): string {
  if (m > 0 && m % 1440 === 0) return `${m / 1440}天`
  if (m > 0 && m % 60 === 0) return `${m / 60}小时`
  return `${m}分钟`
}

/** Who may book, in words: 本社区已绑定房屋的居民, or the groups (本社区独居老人、残疾人). */
export function eligibilityText(s: Pick<ServiceRow, 'eligibility' | 'eligibleFlags'>): string {
  if (s.eligibility !== 'groups') return ELIGIBILITY_LABELS[s.eligibility]
  const groups = parseEligibleFlags(s.eligibleFlags).map((g) => GROUP_LABELS[g])
  return groups.length ? `本社区${groups.join('、')}` : ELIGIBILITY_LABELS.groups
}

/** The booking rules in one sentence: 可提前14天预约，至少提前1小时；开始前2小时可免费取消. */
export function rulesText(s: Pick<ServiceRow, 'bookAheadDays' | 'minNoticeMinutes' | 'freeCancelHours' | 'requiresConfirmation'>): string {
  const book = `可提前${s.bookAheadDays}天预约` + (s.minNoticeMinutes > 0 ? `，至少提前${minutesText(s.minNoticeMinutes)}` : '')
  const cancel = s.freeCancelHours > 0 ? `开始前${s.freeCancelHours}小时可免费取消` : '开始前均可免费取消'
  return `${book}；${cancel}${s.requiresConfirmation ? '；预约后需工作人员确认' : ''}`
}

/** The booking window of a service at `now` (one rule, with the bookings that enforce it). */
export { bookingWindow } from '../bookings/booking.rules.ts'

/** A service in the catalogue list. */
export function presentServiceSummary(s: ServiceRow, nextAvailableAt: Date | null): z.output<typeof ServiceSummaryView> {
  return {
    id: s.id,
    communityId: s.communityId,
    name: s.name,
    department: s.department,
    feeFen: s.feeFen,
    feeText: feeText(s.feeFen),
    durationMinutes: s.durationMinutes,
    homeService: s.homeService,
    requiresConfirmation: s.requiresConfirmation,
    materialsCount: presentMaterials(s.materials).length,
    active: s.active,
    nextAvailableAt: nextAvailableAt?.toISOString() ?? null,
  }
}

/** A service with everything its page shows: materials, rules, and whether the caller may book or manage it. */
export function presentServiceDetail(
  s: ServiceRow,
  extra: { nextAvailableAt: Date | null; bookable: Bookability; paymentAvailable: boolean; canManage: boolean },
): z.output<typeof ServiceDetailView> {
  return {
    ...presentServiceSummary(s, extra.nextAvailableAt),
    description: s.description,
    materials: presentMaterials(s.materials),
    eligibility: s.eligibility,
    eligibilityText: eligibilityText(s),
    eligibleGroups: s.eligibility === 'groups' ? parseEligibleFlags(s.eligibleFlags) : [],
    bookAheadDays: s.bookAheadDays,
    minNoticeMinutes: s.minNoticeMinutes,
    freeCancelHours: s.freeCancelHours,
    rulesText: rulesText(s),
    bookable: extra.bookable,
    paymentAvailable: extra.paymentAvailable,
    canManage: extra.canManage,
    version: s.version,
  }
}

/** A slot with its remaining places; `bookable` when its service is active and it is open, in the booking window and not full. */
export function presentSlot(slot: SlotRow, window: { earliest: Date; latest: Date }, serviceActive = true): z.output<typeof SlotView> {
  const remaining = Math.max(0, slot.capacity - slot.booked)
  return {
    id: slot.id,
    serviceId: slot.serviceId,
    startsAt: slot.startsAt.toISOString(),
    endsAt: slot.endsAt.toISOString(),
    day: shanghaiDay(slot.startsAt),
    capacity: slot.capacity,
    booked: slot.booked,
    remaining,
    status: slot.status,
    bookable: serviceActive && slot.status === 'open' && remaining > 0 && slot.startsAt >= window.earliest && slot.startsAt < window.latest,
  }
}
