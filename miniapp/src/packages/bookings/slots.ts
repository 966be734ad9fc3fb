import type { SlotDto } from '../../services/bookings'
import { shanghaiParts } from '../../utils/time'

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

/** A day of the slot calendar: its slots in start order and whether any of them can be booked. */
export type SlotDay = { day: string; label: string; slots: SlotDto[]; bookable: number }

/** `2026-12-03` → 「12月3日 周四」 (the date is already a Shanghai calendar day). */
export function dayLabel(day: string): string {
  const [y, m, d] = day.split('-').map(Number)
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay()
  return `${m}月${d}日 ${WEEKDAYS[weekday]}`
}

/** Groups slots into calendar days (by the API's `day`), days and slots in time order. */
export function groupSlotsByDay(slots: SlotDto[]): SlotDay[] {
  const days = new Map<string, SlotDto[]>()
  for (const slot of [...slots].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))) {
    const list = days.get(slot.day)
    if (list) list.push(slot)
    else days.set(slot.day, [slot])
  }
  return [...days.keys()].sort().map((day) => {
    const list = days.get(day)!
    return { day, label: dayLabel(day), slots: list, bookable: list.filter((s) => s.bookable).length }
  })
}

/** `09:00–09:30` in Shanghai time. */
export function timeRange(startsAt: string, endsAt: string): string {
  return `${shanghaiParts(startsAt).time}–${shanghaiParts(endsAt).time}`
}

/** 「12月3日 周四 09:00–09:30」 */
export function slotText(slot: { startsAt: string; endsAt: string }): string {
  return `${dayLabel(shanghaiParts(slot.startsAt).date)} ${timeRange(slot.startsAt, slot.endsAt)}`
}

/** What a slot's button says under its time: 余 3, 已约满, 已关闭, or 不可约 (outside the window). */
export function slotState(slot: SlotDto): string {
  if (slot.status === 'closed') return '已关闭'
  if (slot.remaining <= 0) return '已约满'
  if (!slot.bookable) return '不可约'
  return `余 ${slot.remaining}`
}

/** The day to show first: the one that holds `slotId`, else the first with a bookable slot, else the first. */
export function initialDay(days: SlotDay[], slotId?: number): string | undefined {
  const holding = slotId === undefined ? undefined : days.find((d) => d.slots.some((s) => s.id === slotId))
  return (holding ?? days.find((d) => d.bookable > 0) ?? days[0])?.day
}
