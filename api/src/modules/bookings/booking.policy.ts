import { hasRole, roleScope, type Actor, type Role } from '../../core/actor.ts'
import { DAY_MS, startOfShanghaiDay } from '../../core/time.ts'
import type { BookingStatus } from './booking.schema.ts'

/** What the policies need to know about a booking. */
export type BookingRecord = {
  status: BookingStatus
  userId: number
  communityId: number
  startsAt: Date
  holdUntil: Date | null
}

const HOUR = 3600_000

/** The states each action may start from; anything else is a 409 listing what is allowed. */
export const TRANSITIONS = {
  cancel: ['awaiting_payment', 'pending', 'confirmed'],
  reschedule: ['awaiting_payment', 'pending', 'confirmed'],
  pay: ['awaiting_payment'],
  confirm: ['pending'],
  checkIn: ['confirmed'],
  complete: ['checked_in'],
  noShow: ['pending', 'confirmed'],
} as const satisfies Record<string, readonly BookingStatus[]>
export type BookingAction = keyof typeof TRANSITIONS

export const ACTION_LABELS: Record<BookingAction, string> = {
  cancel: '取消', reschedule: '改约', pay: '支付', confirm: '确认', checkIn: '签到', complete: '办结', noShow: '标记未到场',
}

/** The roles that run 预约办事 (services, slots, the window): administrators anywhere, committee staff in their community. */
export const BOOKING_MANAGER_ROLES = ['admin', 'committee'] as const satisfies readonly Role[]

/** Committee staff of the booking's community, or an administrator. */
export const managesCommunity = (actor: Actor, communityId: number) =>
  hasRole(actor, 'admin') || roleScope(actor, 'committee').communityIds.includes(communityId)

export const isOwner = (actor: Actor, b: Pick<BookingRecord, 'userId'>) => b.userId === actor.id

/** The owner and the community's staff see a booking; everyone else is told it does not exist. */
export const canSee = (actor: Actor, b: Pick<BookingRecord, 'userId' | 'communityId'>) => isOwner(actor, b) || managesCommunity(actor, b.communityId)

/** The end of the Shanghai day an instant falls on. */
export const endOfShanghaiDay = (d: Date) => new Date(startOfShanghaiDay(d).getTime() + DAY_MS)

/** Check-in opens one hour before the slot and closes at the end of its day. */
export const CHECK_IN_EARLY_MS = HOUR

/** Who may do it (403 with the reason otherwise). */
export const whoPolicy: Record<BookingAction, (actor: Actor, b: BookingRecord) => true | string> = {
  cancel: (a, b) => isOwner(a, b) || managesCommunity(a, b.communityId) || '只有预约人或社区工作人员可以取消',
  reschedule: (a, b) => isOwner(a, b) || '只有预约人本人可以改约',
  pay: (a, b) => isOwner(a, b) || '只有预约人本人可以支付',
  confirm: (a, b) => managesCommunity(a, b.communityId) || '只有本社区工作人员可以确认预约',
  checkIn: (a, b) => managesCommunity(a, b.communityId) || '只有本社区工作人员可以办理签到',
  complete: (a, b) => managesCommunity(a, b.communityId) || '只有本社区工作人员可以办结',
  noShow: (a, b) => managesCommunity(a, b.communityId) || '只有本社区工作人员可以标记未到场',
}

/** Whether the time allows it now (422 with the reason otherwise). */
export const whenPolicy: Record<BookingAction, (b: BookingRecord, now: Date) => true | string> = {
  cancel: (b, now) => now < b.startsAt || '预约时段已开始，不能取消',
  reschedule: (b, now) => now < b.startsAt || '预约时段已开始，不能改约',
  pay: (b, now) => (b.holdUntil != null && now < b.holdUntil) || '支付时间已过，名额已释放，请重新预约',
  confirm: (b, now) => now < b.startsAt || '预约时段已开始，不能再确认',
  checkIn: (b, now) => {
    if (now.getTime() < b.startsAt.getTime() - CHECK_IN_EARLY_MS) return '预约时段开始前1小时起才能签到'
    return now < endOfShanghaiDay(b.startsAt) || '已过预约当天，不能签到'
  },
  complete: () => true,
  noShow: (b, now) => now >= b.startsAt || '预约时段开始后才能标记未到场',
}

/** The caller's buttons: allowed from the current state, by role and by time. */
export function bookingPolicies(actor: Actor, b: BookingRecord, now: Date): Record<BookingAction, boolean> {
  const out = {} as Record<BookingAction, boolean>
  for (const a of Object.keys(TRANSITIONS) as BookingAction[]) {
    out[a] = (TRANSITIONS[a] as readonly BookingStatus[]).includes(b.status) && whoPolicy[a](actor, b) === true && whenPolicy[a](b, now) === true
  }
  return out
}
