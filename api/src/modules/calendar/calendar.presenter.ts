import { formatDateOnly } from '../../core/time.ts'
import { DAY_KIND_LABELS } from './calendar.schema.ts'

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`

/** A special day (holiday or 调休 working day) as clients see it. */
export function presentCalendarDay(d: { day: Date; kind: 'holiday' | 'workday'; name: string }) {
  return { day: formatDateOnly(d.day), kind: d.kind, kindLabel: DAY_KIND_LABELS[d.kind], name: d.name }
}

/** A working period with its wall-clock label, e.g. 「09:00–12:00」. */
export function presentWorkPeriod(p: { startMinute: number; endMinute: number }) {
  return { start: p.startMinute, end: p.endMinute, label: `${hhmm(p.startMinute)}–${hhmm(p.endMinute)}` }
}
