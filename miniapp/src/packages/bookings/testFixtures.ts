/** API answers for the bookings pages' unit tests (never imported by the pages themselves). */
import type { BookingDetailDto, BookingDto, ServiceDetailDto, ServiceSummaryDto, SlotDto } from '../../services/bookings'
import type { MeDto } from '../../services/types'
import { policies } from '../../../test/support'

const noActions = { cancel: false, reschedule: false, pay: false, confirm: false, checkIn: false, complete: false, noShow: false }

export function serviceSummary(id: number, over: Partial<ServiceSummaryDto> = {}): ServiceSummaryDto {
  return {
    id, communityId: 1, name: `服务${id}`, department: '社区服务中心 1号窗口', feeFen: 0, feeText: '免费', durationMinutes: 30, homeService: false,
    requiresConfirmation: false, materialsCount: 2, active: true, nextAvailableAt: '2026-12-03T01:00:00.000Z', ...over,
  }
}

export function serviceDetail(id: number, over: Partial<ServiceDetailDto> = {}): ServiceDetailDto {
  const materials = over.materials ?? [
    { name: '身份证原件', note: null, copies: null },
    { name: '户口本原件', note: null, copies: null },
    { name: '一寸照片', note: '白底', copies: 2 },
  ]
  return {
    ...serviceSummary(id), description: '为在本社区居住的流动人口办理居住证。', materials, materialsCount: materials.length, eligibility: 'community',
    eligibilityText: '本社区已绑定房屋的居民', eligibleGroups: [], bookAheadDays: 14, minNoticeMinutes: 60, freeCancelHours: 2,
    rulesText: '可提前14天预约，至少提前1小时；开始前2小时可免费取消', bookable: { ok: true, reason: null }, paymentAvailable: false, canManage: false,
    version: 1, ...over,
  }
}

/** A slot on `day` (Shanghai) at `hh:mm`, 30 minutes, with `remaining` places of 10. */
export function slot(id: number, day: string, hhmm: string, remaining = 10, over: Partial<SlotDto> = {}): SlotDto {
  const startsAt = new Date(`${day}T${hhmm}:00+08:00`).toISOString()
  const endsAt = new Date(Date.parse(startsAt) + 30 * 60_000).toISOString()
  return { id, serviceId: 5, startsAt, endsAt, day, capacity: 10, booked: 10 - remaining, remaining, status: 'open', bookable: remaining > 0, ...over }
}

export function booking(id: number, over: Partial<BookingDto> = {}): BookingDto {
  return {
    id, code: 'K7M3QX9A', status: 'confirmed', statusLabel: '已预约',
    service: { id: 5, name: '居住证办理', department: '社区服务中心 1号窗口', homeService: false, feeFen: 0, feeText: '免费' },
    slot: { id: 11, startsAt: '2026-12-03T01:00:00.000Z', endsAt: '2026-12-03T01:30:00.000Z' }, whenText: '12月3日 周四 09:00–09:30',
    note: null, address: null, feeFen: 0, holdUntil: null, freeCancelUntil: '2026-12-02T23:00:00.000Z', payment: null, cancelReason: null,
    cancelledBy: null, createdAt: '2026-12-01T02:00:00.000Z', checkedInAt: null, allowedActions: noActions, ...over,
  }
}

export function bookingDetail(id: number, over: Partial<BookingDetailDto> = {}): BookingDetailDto {
  return { ...booking(id), materials: serviceDetail(5).materials, ...over }
}

export const actions = (allowed: Partial<BookingDto['allowedActions']>) => ({ ...noActions, ...allowed })

/** GET /me with approved (or other) bindings to households of community `communityId`. */
export function meWith(households: { id: number; address: string; communityId?: number; status?: string }[]): MeDto {
  return {
    user: { id: 7, username: 'resident2', displayName: '居民二', roles: [{ role: 'resident', scopeType: 'none', scopeId: null, scopeName: null }], isStaff: false },
    scope: null, grids: [],
    profile: { isVerified: true, identityStatus: 'verified' },
    households: households.map((h) => ({ id: 100 + h.id, status: h.status ?? 'approved', household: { id: h.id, address: h.address, community: { id: h.communityId ?? 1, name: '青石社区' } } })),
    policies: policies('fileReport'),
  } as unknown as MeDto
}
