import { Input, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import { asApiError } from '../../../hooks/useResource'
import { closeSlot, slotStatusLabel, updateSlot, type SlotDto } from '../../../services/serviceDesk'
import { parseWhole } from '../service-edit/form'
import { slotTime } from './pattern'

/** The words of the confirmation before a slot is closed (who is told, who is refunded). */
export function closeConfirmText(slot: Pick<SlotDto, 'booked'>): string {
  return slot.booked > 0
    ? `该时段已有${slot.booked}人预约。关闭后他们的预约将被取消，系统会通知每一位居民，已付费的将原路退款。确定关闭吗？`
    : '关闭后居民不能再预约这个时段。确定关闭吗？'
}

/**
 * One slot: time, 已约 booked/名额 and state; 改名额 (not below those booked: the API says so) and
 * 关闭时段 with a reason and a confirmation.
 */
export default function SlotItem({ slot, onChanged }: { slot: SlotDto; onChanged: (s: SlotDto) => void }) {
  const [mode, setMode] = useState<'capacity' | 'close'>()
  const [capacity, setCapacity] = useState(String(slot.capacity))
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const id = `slot-${slot.id}`
  const open = slot.status === 'open'
  const full = open && slot.remaining <= 0

  const choose = (m: 'capacity' | 'close') => {
    setError(undefined)
    setCapacity(String(slot.capacity))
    setReason('')
    setMode(mode === m ? undefined : m)
  }

  const run = async (act: () => Promise<SlotDto>, done: string) => {
    setBusy(true)
    setError(undefined)
    try {
      const changed = await act()
      Taro.showToast({ title: done, icon: 'success' })
      setMode(undefined)
      onChanged(changed)
    } catch (e) {
      const err = asApiError(e)
      setError(err.fields?.[0]?.message ?? err.message)
    } finally {
      setBusy(false)
    }
  }

  const saveCapacity = () => {
    const c = parseWhole(capacity, '名额', 1, 1000)
    if ('error' in c) return setError(c.error)
    if (c.value < slot.booked) return setError(`已有${slot.booked}人预约，名额不能少于${slot.booked}`)
    void run(() => updateSlot(slot.id, { capacity: c.value }), '名额已修改')
  }

  const confirmClose = async () => {
    const text = reason.trim()
    if ([...text].length < 2) return setError('请填写关闭原因（至少2个字），居民会看到')
    const { confirm } = await Taro.showModal({ title: '关闭时段', content: closeConfirmText(slot), confirmText: '确定关闭', cancelText: '不关闭', confirmColor: '#b42318' })
    if (confirm) void run(() => closeSlot(slot.id, { reason: text }), '时段已关闭')
  }

  return (
    <View className={`item slot-item${open ? '' : ' slot-item--closed'}`} id={id}>
      <View className='item__head'>
        <View className='item__title'>{slotTime(slot)}</View>
        <View className={`tag ${!open ? 'tag--withdrawn' : full ? 'tag--pending' : 'tag--approved'}`} id={`${id}-status`}>
          {full ? '已约满' : slotStatusLabel(slot.status)}
        </View>
      </View>
      <View className='item__meta' id={`${id}-count`}>
        已约 {slot.booked}/{slot.capacity}{open ? ` · 剩余 ${Math.max(slot.remaining, 0)}` : ''}
      </View>
      {open ? (
        <View className='actions'>
          <ActionButton kind='secondary' grow id={`${id}-capacity`} onClick={() => choose('capacity')}>
            改名额
          </ActionButton>
          <ActionButton kind='danger' grow id={`${id}-close`} onClick={() => choose('close')}>
            关闭时段
          </ActionButton>
        </View>
      ) : null}
      {mode === 'capacity' ? (
        <View className='action-form'>
          <Field label='名额' error={error} id={`${id}-capacity-input`} hint={slot.booked ? `已有${slot.booked}人预约，不能少于此数` : undefined}>
            <Input className='input' type='number' value={capacity} maxlength={4} onInput={(e) => setCapacity(e.detail.value)} />
          </Field>
          <ActionButton block id={`${id}-capacity-save`} disabled={busy} onClick={saveCapacity}>
            {busy ? '保存中…' : '保存名额'}
          </ActionButton>
        </View>
      ) : null}
      {mode === 'close' ? (
        <View className='action-form'>
          <Field label='关闭原因（居民会看到）' error={error} id={`${id}-reason`}>
            <Input className='input' value={reason} maxlength={200} placeholder='例如：窗口临时停办' onInput={(e) => setReason(e.detail.value)} />
          </Field>
          <View className='muted'>{slot.booked > 0 ? `已预约的${slot.booked}位居民会收到通知，已付费的原路退款。` : '这个时段还没有人预约。'}</View>
          <ActionButton kind='danger' block id={`${id}-close-confirm`} disabled={busy} onClick={() => void confirmClose()}>
            {busy ? '关闭中…' : '确认关闭'}
          </ActionButton>
        </View>
      ) : null}
    </View>
  )
}
