import { View } from '@tarojs/components'
import { useEffect, useMemo, useState } from 'react'
import { Empty } from '../../components/StateView'
import type { SlotDto } from '../../services/bookings'
import { groupSlotsByDay, initialDay, slotState, timeRange } from './slots'
import { pressable } from '../../utils/keyboard'

type Props = {
  slots: SlotDto[]
  /** The chosen slot (highlighted). */
  selectedId?: number
  /** A slot not to offer (the booking's own, when rescheduling). */
  currentId?: number
  onPick: (slot: SlotDto) => void
  id?: string
}

/**
 * The slot calendar: the days (wrapped in rows, nothing hidden off-screen, with how many slots
 * can still be booked), then the chosen day's slots with their remaining places; full, closed and unbookable slots are shown disabled.
 */
export default function SlotCalendar({ slots, selectedId, currentId, onPick, id = 'slot-calendar' }: Props) {
  const days = useMemo(() => groupSlotsByDay(slots), [slots])
  const [day, setDay] = useState(() => initialDay(days, selectedId))
  useEffect(() => {
    if (!days.some((d) => d.day === day)) setDay(initialDay(days, selectedId))
  }, [days])

  if (days.length === 0) return <Empty title='近期没有可预约的时段' hint='社区会陆续发布新的时段，请过几天再来看看。' />
  const shown = days.find((d) => d.day === day) ?? days[0]

  return (
    <View id={id}>
      <View className='booking-days' id={`${id}-days`} role='radiogroup' aria-label='日期'>
        {days.map((d) => (
          <View
            key={d.day}
            id={`day-${d.day}`}
            className={`booking-day${d.day === shown.day ? ' booking-day--active' : ''}${d.bookable === 0 ? ' booking-day--none' : ''}`}
            role='radio'
            aria-checked={d.day === shown.day}
            {...pressable(() => setDay(d.day))}
          >
            <View className='booking-day__date'>{d.label.split(' ')[0]}</View>
            <View className='booking-day__meta'>{d.label.split(' ')[1]}</View>
            <View className='booking-day__meta'>{d.bookable > 0 ? `${d.bookable}个时段` : '约满'}</View>
          </View>
        ))}
      </View>
      <View className='booking-slots' role='radiogroup' aria-label={`${shown.label}的时段`}>
        {shown.slots.map((s) => {
          const isCurrent = s.id === currentId
          const enabled = s.bookable && !isCurrent
          return (
            <View
              key={s.id}
              id={`slot-${s.id}`}
              className={`booking-slot${enabled ? '' : ' booking-slot--disabled'}${s.id === selectedId ? ' booking-slot--active' : ''}`}
              role='radio'
              aria-checked={s.id === selectedId}
              aria-disabled={!enabled}
              {...pressable(() => enabled && onPick(s))}
            >
              <View className='booking-slot__time'>{timeRange(s.startsAt, s.endsAt)}</View>
              <View className='booking-slot__state'>{isCurrent ? '当前预约' : slotState(s)}</View>
            </View>
          )
        })}
      </View>
    </View>
  )
}
