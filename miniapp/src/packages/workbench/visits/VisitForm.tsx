import { Picker, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useFormSubmit } from '../../../hooks/useFormSubmit'
import { useResource } from '../../../hooks/useResource'
import { listBuildingHouseholds, listBuildings } from '../../../services/households'
import { createVisit, type VisitDto, type VisitOptionsDto } from '../../../services/workbench'
import Chip from '../../../components/Chip'
import { toVisitInput, visitFieldOf, visitProblems, type VisitForm as Form } from './form'
import { pressable } from '../../../utils/keyboard'

type MyGrid = { id: number; communityId: number }

/**
 * 记录走访: which household (from the 五必访 list, or building then room of my grids), the day
 * (not after today), how (入户/电话/线上/其他), what was found and what follows.
 */
export default function VisitForm({ initial, today, grids, kinds, onSaved, onCancel }: {
  initial: Form
  /** The kinds of visit with their labels (GET /visits/options). */
  kinds: VisitOptionsDto['kinds']
  today: string
  grids: MyGrid[]
  onSaved: (v: VisitDto) => void
  onCancel: () => void
}) {
  const [form, setForm] = useState<Form>(initial)
  const { busy: saving, errors, setErrors, failure, setFailure, keyFor, submit: send } = useFormSubmit(visitFieldOf)
  const patch = (p: Partial<Form>) => setForm((f) => ({ ...f, ...p }))

  const submit = async () => {
    if (saving) return
    const problems = visitProblems(form, today)
    setErrors(problems)
    setFailure(undefined)
    if (Object.keys(problems).length) return void Taro.showToast({ title: Object.values(problems)[0]!, icon: 'none' })
    const input = toVisitInput(form)
    await send(async () => {
      const saved = await createVisit(input, keyFor(input))
      Taro.showToast({ title: '已记录', icon: 'success' })
      onSaved(saved)
    })
  }

  return (
    <View className='card' id='visit-form'>
      <View className='card__title'>记录走访</View>
      {failure ? <View className='banner banner--error' role='alert' id='visit-error'>{failure.message}</View> : null}
      <Field label='走访房屋' error={errors.householdId} id='visit-household'>
        {form.householdId ? (
          <View className='row'>
            <View className='row__value' id='visit-household-label'>{form.householdLabel}</View>
            <View className='link' role='button' id='visit-household-change' {...pressable(() => patch({ householdId: undefined, householdLabel: undefined }))}>
              更换
            </View>
          </View>
        ) : (
          <HouseholdPicker grids={grids} onPick={(id, label) => patch({ householdId: id, householdLabel: label })} />
        )}
      </Field>
      <Field label='走访日期' error={errors.visitedOn} id='visit-date'>
        <Picker mode='date' value={form.visitedOn} end={today} onChange={(e) => patch({ visitedOn: String(e.detail.value) })}>
          <View className='input picker-value'>{form.visitedOn}</View>
        </Picker>
      </Field>
      <Field label='走访方式' error={errors.kind} id='visit-kind'>
        <View className='chips' role='radiogroup'>
          {kinds.map((k) => (
            <Chip key={k.value} id={`visit-kind-${k.value}`} active={form.kind === k.value} onTap={() => patch({ kind: k.value })}>
              {k.label}
            </Chip>
          ))}
        </View>
      </Field>
      <Field label='走访记录' error={errors.notes}>
        <Textarea id='visit-notes' className='textarea textarea--short' value={form.notes} maxlength={1000} autoHeight
          placeholder='例如：老人身体状况良好，家中燃气灶已检查' onInput={(e) => patch({ notes: e.detail.value })} />
      </Field>
      <Field label='后续事项（可不填）' error={errors.followUps}>
        <Textarea id='visit-followups' className='textarea textarea--short' value={form.followUps} maxlength={500} autoHeight
          placeholder='例如：下周协助办理高龄补贴' onInput={(e) => patch({ followUps: e.detail.value })} />
      </Field>
      <View className='actions'>
        <ActionButton kind='secondary' grow onClick={onCancel}>
          取消
        </ActionButton>
        <ActionButton grow id='visit-submit' disabled={saving} onClick={() => void submit()}>
          {saving ? '保存中…' : '保存走访'}
        </ActionButton>
      </View>
    </View>
  )
}

/** Building, then room, among the buildings of my grids. */
function HouseholdPicker({ grids, onPick }: { grids: MyGrid[]; onPick: (id: number, label: string) => void }) {
  const gridIds = grids.map((g) => g.id)
  const communities = [...new Set(grids.map((g) => g.communityId))]
  const buildings = useResource(async () => (await Promise.all(communities.map(listBuildings))).flat().filter((b) => gridIds.includes(b.gridId)))
  const [building, setBuilding] = useState<{ id: number; label: string }>()
  const rooms = useResource(() => (building ? listBuildingHouseholds(building.id) : Promise.resolve([])), { immediate: false })
  useEffect(() => {
    if (building) void rooms.reload()
  }, [building?.id])

  if (buildings.error) return <ErrorState error={buildings.error} onRetry={() => void buildings.reload()} />
  if (!buildings.data) return <Loading />
  if (buildings.data.length === 0) return <Empty title='您负责的网格里没有楼栋' />
  const choose = (b: { id: number; label: string }) => setBuilding(b)
  return (
    <View>
      <View className='chips filter-row' role='radiogroup' aria-label='楼栋'>
        {buildings.data.map((b) => (
          <Chip key={b.id} id={`visit-building-${b.id}`} active={building?.id === b.id} onTap={() => choose({ id: b.id, label: `${b.estate} ${b.name}` })}>
            {`${b.estate} ${b.name}`}
          </Chip>
        ))}
      </View>
      {building && rooms.error ? <ErrorState error={rooms.error} onRetry={() => void rooms.reload()} /> : null}
      {building && rooms.loading ? <Loading /> : null}
      {building && rooms.data ? (
        <View className='chips' role='radiogroup' aria-label='房间'>
          {rooms.data.map((h) => (
            <Chip key={h.id} id={`visit-room-${h.id}`} active={false} onTap={() => onPick(h.id, `${building.label} ${h.label}`)}>
              {h.label}
            </Chip>
          ))}
        </View>
      ) : null}
    </View>
  )
}
