import type { BookingPoliciesDto, DeskBookingDto, ServiceDetailDto, ServiceSummaryDto, SlotDto } from '../../services/serviceDesk'

/** Test data of the workbench's 预约办事 pages (imported by tests only), typed by the contract. */
export const NO_BOOKING_ACTIONS: BookingPoliciesDto = { cancel: false, reschedule: false, pay: false, confirm: false, checkIn: false, complete: false, noShow: false }

/** A row of 预约服务. */
export function serviceSummary(id: number, over: Partial<ServiceSummaryDto> = {}): ServiceSummaryDto {
  return {
    id, communityId: 1, name: `服务${id}`, department: '一楼综合窗口', feeFen: 0, feeText: '免费', durationMinutes: 30, homeService: false,
    requiresConfirmation: false, materialsCount: 2, active: true, nextAvailableAt: '2026-12-03T01:00:00.000Z', ...over,
  }
}

/** A service as the editor loads it. */
export function serviceDetail(over: Partial<ServiceDetailDto> = {}): ServiceDetailDto {
  return {
    ...serviceSummary(5),
    name: '居住证办理',
    description: '需本人到场',
    materials: [{ name: '户口本原件', note: null, copies: null }, { name: '身份证复印件', note: '正反面', copies: 2 }],
    eligibility: 'community',
    eligibilityText: '本社区已绑定房屋的居民',
    eligibleGroups: [],
    bookAheadDays: 14,
    minNoticeMinutes: 60,
    freeCancelHours: 2,
    rulesText: '可提前14天预约，至少提前1小时；开始前2小时可免费取消',
    bookable: { ok: true, reason: null },
    paymentAvailable: false,
    canManage: true,
    version: 3,
    ...over,
  }
}

/** A slot on 2026-12-03 (Asia/Shanghai) at `hour`:00–:30. */
export function slot(id: number, hour: number, over: Partial<SlotDto> = {}): SlotDto {
  const hh = String(hour - 8).padStart(2, '0')
  return {
    id, serviceId: 5, startsAt: `2026-12-03T${hh}:00:00.000Z`, endsAt: `2026-12-03T${hh}:30:00.000Z`, day: '2026-12-03', capacity: 10, booked: 3,
    remaining: 7, status: 'open', bookable: true, ...over,
  }
}

/** A booking at the window. */
export function deskBooking(id: number, over: Partial<DeskBookingDto> = {}): DeskBookingDto {
  return {
    id,
    code: 'ABCD2345',
    status: 'confirmed',
    statusLabel: '已预约',
    service: { id: 5, name: '居住证办理', department: '一楼综合窗口', homeService: false, feeFen: 0, feeText: '免费' },
    slot: { id: 11, startsAt: '2026-12-03T01:00:00.000Z', endsAt: '2026-12-03T01:30:00.000Z' },
    whenText: '12月3日 周四 09:00–09:30',
    note: null,
    address: null,
    feeFen: 0,
    holdUntil: null,
    freeCancelUntil: '2026-12-02T23:00:00.000Z',
    payment: null,
    cancelReason: null,
    cancelledBy: null,
    createdAt: '2026-12-01T01:00:00.000Z',
    checkedInAt: null,
    allowedActions: { ...NO_BOOKING_ACTIONS, checkIn: true, noShow: true },
    resident: { name: '张*明', phoneMasked: '138****0000' },
    ...over,
  }
}
