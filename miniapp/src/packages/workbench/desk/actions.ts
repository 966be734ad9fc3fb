import {
  checkInBooking, completeBooking, confirmBooking, markNoShow, type BookingDto, type BookingPoliciesDto, type DeskBookingDto,
} from '../../../services/serviceDesk'

/** What the window does to a booking; each is offered only when the API's allowedActions says so. */
export type DeskAction = 'checkIn' | 'confirm' | 'complete' | 'noShow'

export const DESK_ACTIONS: { action: DeskAction; label: string; id: string; kind: 'primary' | 'secondary' | 'danger' }[] = [
  { action: 'checkIn', label: '签到', id: 'checkin', kind: 'primary' },
  { action: 'confirm', label: '确认预约', id: 'confirm', kind: 'primary' },
  { action: 'complete', label: '办结', id: 'complete', kind: 'primary' },
  { action: 'noShow', label: '未到场', id: 'noshow', kind: 'danger' },
]

/**
 * The buttons of a booking, in order, from its allowedActions. 签到 needs the code the resident
 * shows, so a row of the day's list leaves it to the code box (`withCheckIn` false).
 */
export function deskActions(allowed: BookingPoliciesDto, withCheckIn: boolean) {
  return DESK_ACTIONS.filter((a) => allowed[a.action] && (withCheckIn || a.action !== 'checkIn'))
}

/** The question asked before an action that cannot be taken back, or null when none is needed. */
export function confirmationOf(action: DeskAction, b: Pick<DeskBookingDto, 'resident' | 'service' | 'whenText'>): { title: string; content: string } | null {
  if (action !== 'noShow') return null
  return {
    title: '记为未到场',
    content: `${b.resident.name} 预约的「${b.service.name}」（${b.whenText}）将记为未到场。多次未到场的居民会被暂停预约。确定吗？`,
  }
}

/** What each action says when it is done. */
export const DONE_TEXT: Record<DeskAction, string> = { checkIn: '已签到', confirm: '已确认', complete: '已办结', noShow: '已记为未到场' }

/** Sends one action; check-in carries the booking's code. */
export function runDeskAction(action: DeskAction, b: Pick<BookingDto, 'id' | 'code'>): Promise<BookingDto> {
  switch (action) {
    case 'checkIn': return checkInBooking(b.id, { code: b.code })
    case 'confirm': return confirmBooking(b.id)
    case 'complete': return completeBooking(b.id)
    case 'noShow': return markNoShow(b.id)
  }
}

/**
 * A typed or scanned booking code as the API takes it: upper case, without spaces or dashes; a
 * scanned link's `code=` parameter when the QR code holds one.
 */
export function normaliseCode(text: string): string {
  const fromLink = /[?&]code=([^&#\s]+)/i.exec(text)
  return (fromLink ? decodeURIComponent(fromLink[1]) : text).replace(/[\s-]/g, '').toUpperCase()
}

/** Whether a code looks like one (8 letters or digits); the API checks the alphabet. */
export function codeProblem(code: string): string | undefined {
  if (!code) return '请输入居民出示的预约码'
  if (!/^[0-9A-Z]{8}$/.test(code)) return '预约码为8位字母或数字'
  return undefined
}

/**
 * Why a booking looked up at the window offers nothing to do, when its status alone does not say
 * (a booking still ahead whose check-in has not opened, or one not paid yet); otherwise undefined.
 */
export function idleHint(b: Pick<DeskBookingDto, 'status' | 'allowedActions'>): string | undefined {
  if (deskActions(b.allowedActions, true).length) return undefined
  if (b.status === 'awaiting_payment') return '居民还没有完成支付，支付后才能签到。'
  if (b.status === 'confirmed' || b.status === 'pending') return '现在还不能签到：请核对预约的日期和时间，临近预约时间再来签到。'
  return undefined
}
