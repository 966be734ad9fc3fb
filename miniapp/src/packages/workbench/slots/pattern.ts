import type { SlotDto, SlotPatternInput, SlotPatternResultDto } from '../../../services/serviceDesk'
import { shanghaiIso, shanghaiParts } from '../../../utils/time'
import { parseWhole } from '../service-edit/form'

/** 一 … 日 as the API numbers them (1 = Monday … 7 = Sunday). */
export const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'].map((label, i) => ({ value: i + 1, label }))

export type TimeRange = { key: number; start: string; end: string }

/** 批量发布: the same times on chosen weekdays over a date range. */
export type PatternForm = {
  from: string
  to: string
  weekdays: number[]
  times: TimeRange[]
  capacity: string
  workingDaysOnly: boolean
}
export type PatternErrors = Partial<Record<'from' | 'to' | 'weekdays' | 'times' | 'capacity', string>>

/** 发布一个时段: a date, start and end (Asia/Shanghai) and how many may book it. */
export type SlotForm = { date: string; start: string; end: string; capacity: string }
export type SlotErrors = Partial<Record<'date' | 'time' | 'capacity', string>>

/** The longest range one pattern may cover, as the API allows. */
export const PATTERN_MAX_DAYS = 92
const DAY_MS = 24 * 3600 * 1000

let timeSeq = 0
/** A time range of the pattern (09:00–10:00 unless given). */
export function newTime(start = '09:00', end = '10:00'): TimeRange {
  return { key: ++timeSeq, start, end }
}

/** `2026-12-03` plus `n` days. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)
}

/** Days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS)
}

/** `2026-12-03` → `12月3日`. */
export function shortDay(day: string): string {
  const [, m, d] = day.split('-').map(Number)
  return `${m}月${d}日`
}

/** `2026-12-03` → `12月3日 周四`. */
export function dayTitle(day: string): string {
  const [, m, d] = day.split('-').map(Number)
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
  return `${m}月${d}日 周${WEEKDAYS[(weekday + 6) % 7].label}`
}

/** Two weeks of working days from tomorrow, 09:00–10:00, 10 places. */
export function emptyPattern(today: string): PatternForm {
  return { from: addDays(today, 1), to: addDays(today, 14), weekdays: [1, 2, 3, 4, 5], times: [newTime()], capacity: '10', workingDaysOnly: true }
}

/** What is wrong with a pattern, by field, before it is sent. */
export function patternProblems(form: PatternForm, today: string): PatternErrors {
  const errors: PatternErrors = {}
  if (!form.from) errors.from = '请选择开始日期'
  else if (form.from < today) errors.from = '开始日期不能早于今天'
  if (!form.to) errors.to = '请选择结束日期'
  else if (form.from && form.to < form.from) errors.to = '结束日期不能早于开始日期'
  else if (form.from && daysBetween(form.from, form.to) + 1 > PATTERN_MAX_DAYS) errors.to = `一次最多发布${PATTERN_MAX_DAYS}天`
  if (form.weekdays.length === 0) errors.weekdays = '请至少选择一天'
  if (form.times.length === 0) errors.times = '请至少添加一个时段'
  else {
    const bad = form.times.findIndex((t) => !t.start || !t.end || t.end <= t.start)
    if (bad >= 0) errors.times = `第${bad + 1}个时段的结束时间须晚于开始时间`
    else {
      const starts = form.times.map((t) => t.start)
      const dup = starts.findIndex((s, i) => starts.indexOf(s) !== i)
      if (dup >= 0) errors.times = `第${dup + 1}个时段的开始时间重复了`
    }
  }
  const capacity = parseWhole(form.capacity, '名额', 1, 1000)
  if ('error' in capacity) errors.capacity = capacity.error
  return errors
}

/** POST /services/:id/slot-patterns body (weekdays and times in order). */
export function toPatternInput(form: PatternForm): SlotPatternInput {
  return {
    from: form.from,
    to: form.to,
    weekdays: [...form.weekdays].sort((a, b) => a - b),
    times: [...form.times].sort((a, b) => (a.start < b.start ? -1 : 1)).map((t) => ({ start: t.start, end: t.end })),
    capacity: Number(form.capacity.trim()),
    workingDaysOnly: form.workingDaysOnly,
  }
}

/** 「新增N个时段，跳过M个非工作日，已存在K个」 */
export function patternResultText(r: SlotPatternResultDto): string {
  return `新增${r.created}个时段，跳过${r.skippedDays.length}个非工作日，已存在${r.existing}个`
}

/** A single slot tomorrow 09:00–09:30 with 10 places. */
export function emptySlot(today: string): SlotForm {
  return { date: addDays(today, 1), start: '09:00', end: '09:30', capacity: '10' }
}

/** What is wrong with a single slot before it is sent. */
export function slotProblems(form: SlotForm, now: Date): SlotErrors {
  const errors: SlotErrors = {}
  if (!form.date) errors.date = '请选择日期'
  if (!form.start || !form.end) errors.time = '请选择开始和结束时间'
  else if (form.end <= form.start) errors.time = '结束时间须晚于开始时间'
  else if (form.date && Date.parse(shanghaiIso(form.date, form.start)) <= now.getTime()) errors.time = '不能发布已经开始或过去的时段'
  const capacity = parseWhole(form.capacity, '名额', 1, 1000)
  if ('error' in capacity) errors.capacity = capacity.error
  return errors
}

/** POST /services/:id/slots body: the times as instants with the +08:00 offset. */
export function toSlotInput(form: SlotForm) {
  return { startsAt: shanghaiIso(form.date, form.start), endsAt: shanghaiIso(form.date, form.end), capacity: Number(form.capacity.trim()) }
}

/** `09:00–09:30` in Asia/Shanghai. */
export function slotTime(s: Pick<SlotDto, 'startsAt' | 'endsAt'>): string {
  return `${shanghaiParts(s.startsAt).time}–${shanghaiParts(s.endsAt).time}`
}

/** Slots grouped by their day, days and slots in time order. */
export function groupByDay(slots: SlotDto[]): { day: string; slots: SlotDto[] }[] {
  const sorted = [...slots].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
  const out: { day: string; slots: SlotDto[] }[] = []
  for (const s of sorted) {
    const last = out[out.length - 1]
    if (last?.day === s.day) last.slots.push(s)
    else out.push({ day: s.day, slots: [s] })
  }
  return out
}
