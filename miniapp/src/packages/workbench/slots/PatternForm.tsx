import { Input, Picker, Switch, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import { useFormSubmit } from '../../../hooks/useFormSubmit'
import { createSlotPattern, type SlotPatternResultDto } from '../../../services/serviceDesk'
import {
  emptyPattern, newTime, patternProblems, toPatternInput, WEEKDAYS, type PatternForm as Form,
} from './pattern'
import Chip from '../../../components/Chip'
import { pressable } from '../../../utils/keyboard'

const FIELDS = ['from', 'to', 'weekdays', 'times', 'capacity'] as const
const fieldOf = (apiField: string) => FIELDS.find((f) => f === apiField.replace(/^body\./, '').split('.')[0])

/**
 * 批量发布: a date range, weekdays (一…日), a list of time ranges and the places of each; with
 * 仅工作日 the working calendar skips holidays (and opens 调休 working weekends).
 */
export default function PatternForm({ serviceId, today, onDone, onCancel }: {
  serviceId: number
  today: string
  onDone: (result: SlotPatternResultDto) => void
  onCancel: () => void
}) {
  const [form, setForm] = useState<Form>(() => emptyPattern(today))
  const { busy: saving, errors, setErrors, failure, setFailure, submit: send } = useFormSubmit(fieldOf)
  const patch = (p: Partial<Form>) => setForm((f) => ({ ...f, ...p }))
  const setTime = (i: number, p: { start?: string; end?: string }) => patch({ times: form.times.map((t, j) => (j === i ? { ...t, ...p } : t)) })
  const toggleDay = (d: number) => patch({ weekdays: form.weekdays.includes(d) ? form.weekdays.filter((x) => x !== d) : [...form.weekdays, d] })

  const submit = async () => {
    if (saving) return
    const found = patternProblems(form, today)
    setErrors(found)
    setFailure(undefined)
    if (Object.keys(found).length) return void Taro.showToast({ title: Object.values(found)[0]!, icon: 'none' })
    await send(async () => {
      const result = await createSlotPattern(serviceId, toPatternInput(form))
      Taro.showToast({ title: `新增${result.created}个时段`, icon: 'none' })
      onDone(result)
    })
  }

  return (
    <View className='card' id='pattern-form'>
      <View className='card__title'>批量发布时段</View>
      {failure ? <View className='banner banner--error' role='alert' id='pattern-error'>{failure.message}</View> : null}
      <View className='pickers'>
        <Field label='开始日期' error={errors.from} id='pattern-from'>
          <Picker mode='date' value={form.from} start={today} onChange={(e) => patch({ from: String(e.detail.value) })}>
            <View className='input picker-value'>{form.from}</View>
          </Picker>
        </Field>
        <Field label='结束日期' error={errors.to} id='pattern-to'>
          <Picker mode='date' value={form.to} start={form.from || today} onChange={(e) => patch({ to: String(e.detail.value) })}>
            <View className='input picker-value'>{form.to}</View>
          </Picker>
        </Field>
      </View>
      <Field label='每周哪几天' error={errors.weekdays} id='pattern-weekdays'>
        <View className='chips' role='group'>
          {WEEKDAYS.map((d) => (
            <Chip key={d.value} id={`pattern-day-${d.value}`} className='chip--day' kind='checkbox' active={form.weekdays.includes(d.value)} label={`周${d.label}`}
              onTap={() => toggleDay(d.value)}>
              {d.label}
            </Chip>
          ))}
        </View>
      </Field>
      <Field label='每天的时段' error={errors.times} id='pattern-times'>
        {form.times.map((t, i) => (
          <View key={t.key} className='time-range' id={`pattern-time-${i}`}>
            <View id={`pattern-time-${i}-start`} className='time-range__pick'>
              <Picker mode='time' value={t.start} onChange={(e) => setTime(i, { start: String(e.detail.value) })}>
                <View className='input picker-value'>{t.start}</View>
              </Picker>
            </View>
            <View className='time-range__to'>至</View>
            <View id={`pattern-time-${i}-end`} className='time-range__pick'>
              <Picker mode='time' value={t.end} onChange={(e) => setTime(i, { end: String(e.detail.value) })}>
                <View className='input picker-value'>{t.end}</View>
              </Picker>
            </View>
            <View className='link link--danger' role='button' id={`pattern-time-${i}-remove`} {...pressable(() => patch({ times: form.times.filter((_, j) => j !== i) }))}>
              删除
            </View>
          </View>
        ))}
        <View className='link' role='button' id='pattern-time-add' {...pressable(() => patch({ times: [...form.times, nextTime(form.times)] }))}>
          ＋ 添加时段
        </View>
      </Field>
      <Field label='每个时段名额' error={errors.capacity} id='pattern-capacity'>
        <Input className='input' type='number' value={form.capacity} maxlength={4} onInput={(e) => patch({ capacity: e.detail.value })} />
      </Field>
      <View className='row switch-row' id='pattern-working'>
        <View>
          <View className='item__title'>仅工作日</View>
          <View className='item__meta'>按工作日历跳过节假日；调休上班的周末也会发布</View>
        </View>
        <Switch checked={form.workingDaysOnly} color='#1e6b52' onChange={(e) => patch({ workingDaysOnly: e.detail.value })} />
      </View>
      <View className='actions'>
        <ActionButton kind='secondary' grow onClick={onCancel}>
          取消
        </ActionButton>
        <ActionButton grow id='pattern-submit' disabled={saving} onClick={() => void submit()}>
          {saving ? '发布中…' : '批量发布'}
        </ActionButton>
      </View>
    </View>
  )
}

/** The range after the last one, as long as it (09:00–10:00 → 10:00–11:00). */
function nextTime(times: { start: string; end: string }[]) {
  const last = times[times.length - 1]
  if (!last) return newTime()
  const minutes = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5))
  const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
  const length = Math.max(minutes(last.end) - minutes(last.start), 30)
  const end = minutes(last.end) + length
  return end < 24 * 60 ? newTime(last.end, hm(end)) : newTime()
}
