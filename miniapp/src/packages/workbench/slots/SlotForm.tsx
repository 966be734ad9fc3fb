import { Input, Picker, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import { useFormSubmit } from '../../../hooks/useFormSubmit'
import { createSlot, type SlotDto } from '../../../services/serviceDesk'
import { emptySlot, slotProblems, toSlotInput, type SlotErrors, type SlotForm as Form } from './pattern'

const fieldOf = (apiField: string): keyof SlotErrors | undefined => {
  const head = apiField.replace(/^body\./, '').split('.')[0]
  return head === 'startsAt' || head === 'endsAt' ? 'time' : head === 'capacity' ? 'capacity' : undefined
}

/** 发布一个时段: a date, start and end, and its places. */
export default function SlotForm({ serviceId, today, onDone, onCancel }: { serviceId: number; today: string; onDone: (s: SlotDto) => void; onCancel: () => void }) {
  const [form, setForm] = useState<Form>(() => emptySlot(today))
  const { busy: saving, errors, setErrors, failure, setFailure, keyFor, submit: send } = useFormSubmit(fieldOf)
  const patch = (p: Partial<Form>) => setForm((f) => ({ ...f, ...p }))

  const submit = async () => {
    if (saving) return
    const found = slotProblems(form, new Date())
    setErrors(found)
    setFailure(undefined)
    if (Object.keys(found).length) return void Taro.showToast({ title: Object.values(found)[0]!, icon: 'none' })
    await send(async () => {
      const input = toSlotInput(form)
      const slot = await createSlot(serviceId, input, keyFor(input))
      Taro.showToast({ title: '已发布', icon: 'success' })
      onDone(slot)
    })
  }

  return (
    <View className='card' id='slot-form'>
      <View className='card__title'>发布一个时段</View>
      {failure ? <View className='banner banner--error' role='alert' id='slot-error'>{failure.message}</View> : null}
      <Field label='日期' error={errors.date} id='slot-date'>
        <Picker mode='date' value={form.date} start={today} onChange={(e) => patch({ date: String(e.detail.value) })}>
          <View className='input picker-value'>{form.date}</View>
        </Picker>
      </Field>
      <Field label='时间' error={errors.time} id='slot-time'>
        <View className='time-range'>
          <View id='slot-start' className='time-range__pick'>
            <Picker mode='time' value={form.start} onChange={(e) => patch({ start: String(e.detail.value) })}>
              <View className='input picker-value'>{form.start}</View>
            </Picker>
          </View>
          <View className='time-range__to'>至</View>
          <View id='slot-end' className='time-range__pick'>
            <Picker mode='time' value={form.end} onChange={(e) => patch({ end: String(e.detail.value) })}>
              <View className='input picker-value'>{form.end}</View>
            </Picker>
          </View>
        </View>
      </Field>
      <Field label='名额' error={errors.capacity} id='slot-capacity'>
        <Input className='input' type='number' value={form.capacity} maxlength={4} onInput={(e) => patch({ capacity: e.detail.value })} />
      </Field>
      <View className='actions'>
        <ActionButton kind='secondary' grow onClick={onCancel}>
          取消
        </ActionButton>
        <ActionButton grow id='slot-submit' disabled={saving} onClick={() => void submit()}>
          {saving ? '发布中…' : '发布'}
        </ActionButton>
      </View>
    </View>
  )
}
