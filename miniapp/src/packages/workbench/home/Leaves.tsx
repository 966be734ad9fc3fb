import { Input, Picker, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import { Empty, ListState } from '../../../components/StateView'
import { useCursorList } from '../../../hooks/useCursorList'
import { asApiError } from '../../../hooks/useResource'
import { newIdempotencyKey, type ApiError } from '../../../services/request'
import { createLeave, deleteLeave, listLeaves, type LeaveDto } from '../../../services/workbench'
import { LEAVE_LIMITS } from '../../../utils/limits'
import { shanghaiParts } from '../../../utils/time'
import { pressable } from '../../../utils/keyboard'

type Draft = { startsOn: string; endsOn: string; reason: string }

/**
 * 请假: current and coming leave — a grid worker's own (with 登记请假 for themselves), a leader's
 * for the workers of their grids. While a worker is on leave, new reports go to a deputy.
 * Cancelling is offered where the API's `policies.delete` allows it.
 */
export default function Leaves({ userId, canRegister, refreshSignal = 0 }: { userId: number; canRegister: boolean; refreshSignal?: number }) {
  const list = useCursorList((cursor) => listLeaves({ limit: 20, cursor }), [])
  const [draft, setDraft] = useState<Draft>()
  const [error, setError] = useState<ApiError>()
  const [saving, setSaving] = useState(false)
  const attempt = useRef<{ key: string; body: string }>()
  const today = shanghaiParts(new Date()).date

  useEffect(() => {
    if (refreshSignal) void list.reload()
  }, [refreshSignal])

  const save = async () => {
    if (!draft || saving) return
    const input = { userId, startsOn: draft.startsOn, endsOn: draft.endsOn, reason: draft.reason.trim() }
    const body = JSON.stringify(input)
    if (attempt.current?.body !== body) attempt.current = { key: newIdempotencyKey(), body }
    setSaving(true)
    setError(undefined)
    try {
      const saved = await createLeave(input, attempt.current.key)
      list.update((items) => [...items, saved].sort((a, b) => a.startsOn.localeCompare(b.startsOn)))
      setDraft(undefined)
      Taro.showToast({ title: '已登记', icon: 'success' })
    } catch (e) {
      setError(asApiError(e))
    } finally {
      setSaving(false)
    }
  }

  const cancel = async (leave: LeaveDto) => {
    const { confirm } = await Taro.showModal({ title: '取消请假', content: `取消 ${leave.user.name} ${leave.startsOn} 至 ${leave.endsOn} 的请假吗？`, confirmText: '取消请假', cancelText: '返回' })
    if (!confirm) return
    try {
      await deleteLeave(leave.id)
      list.update((items) => items.filter((x) => x.id !== leave.id))
    } catch (e) {
      Taro.showToast({ title: asApiError(e).message, icon: 'none' })
    }
  }

  const field = (name: string) => error?.fieldMessage(name)
  return (
    <View className='card' id='leaves'>
      <View className='card__title'>{canRegister ? '我的请假' : '网格员请假'}</View>
      <ListState list={list} empty={<Empty title='近期没有请假' hint={canRegister ? '请假期间，新的诉求会派给本网格的其他网格员。' : undefined} />} />
      {list.items.map((l) => (
        <View key={l.id} className='item' id={`leave-${l.id}`}>
          <View className='item__head'>
            <View className='item__title'>{canRegister ? `${l.startsOn} 至 ${l.endsOn}` : `${l.user.name} · ${l.startsOn} 至 ${l.endsOn}`}</View>
            {l.isCurrent ? <View className='tag tag--pending'>请假中</View> : null}
          </View>
          <View className='item__meta'>{[l.reason, l.grids.map((g) => g.name).join('、')].filter(Boolean).join(' · ')}</View>
          {l.policies.delete ? (
            <View className='link' role='button' id={`leave-${l.id}-cancel`} {...pressable(() => void cancel(l))}>
              取消请假
            </View>
          ) : null}
        </View>
      ))}
      {error && !field('startsOn') && !field('endsOn') && !field('reason') ? <View className='banner banner--error' role='alert'>{error.message}</View> : null}
      {canRegister && draft ? (
        <View className='action-form' id='leave-form'>
          <View className='pickers'>
            <Field label='开始日期' error={field('startsOn')}>
              <Picker mode='date' value={draft.startsOn} start={today} onChange={(e) => setDraft({ ...draft, startsOn: String(e.detail.value) })}>
                <View className='input picker-value' id='leave-starts'>{draft.startsOn}</View>
              </Picker>
            </Field>
            <Field label='结束日期' error={field('endsOn')}>
              <Picker mode='date' value={draft.endsOn} start={draft.startsOn} onChange={(e) => setDraft({ ...draft, endsOn: String(e.detail.value) })}>
                <View className='input picker-value' id='leave-ends'>{draft.endsOn}</View>
              </Picker>
            </Field>
          </View>
          <Field label='原因（可不填）' error={field('reason')} id='leave-reason'>
            <Input className='input' value={draft.reason} maxlength={LEAVE_LIMITS.reasonMax} placeholder='例如：年休假' onInput={(e) => setDraft({ ...draft, reason: e.detail.value })} />
          </Field>
          <View className='actions'>
            <ActionButton kind='secondary' grow onClick={() => setDraft(undefined)}>
              取消
            </ActionButton>
            <ActionButton grow id='leave-submit' disabled={saving} onClick={() => void save()}>
              {saving ? '保存中…' : '登记请假'}
            </ActionButton>
          </View>
        </View>
      ) : canRegister ? (
        <ActionButton kind='secondary' block id='leave-new' onClick={() => (setError(undefined), setDraft({ startsOn: today, endsOn: today, reason: '' }))}>
          登记请假
        </ActionButton>
      ) : null}
    </View>
  )
}
