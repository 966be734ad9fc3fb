import { Input, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import { asApiError } from '../../../hooks/useResource'
import { findPeople, type ElectionPersonDto } from '../../../services/elections'
import { pressable } from '../../../utils/keyboard'

/** What the typed text means when nobody was picked: digits only are taken as a user number (the old way, kept as a fallback). */
export const typedUserId = (typed: string): number | undefined => (/^\d+$/.test(typed.trim()) ? Number(typed.trim()) : undefined)

/**
 * 找人: staff type a name or a house, tap 查找, and tap the resident in the list (name, house,
 * 已在名单 / 候选人). The field keeps `id` (one input inside it, as the e2e fills `#<id> input`);
 * a bare user number typed there still works. `onChange` gets the chosen user id, or undefined.
 */
export default function PersonPicker(props: {
  electionId: number
  id: string
  label: string
  hint?: string
  error?: string
  onChange: (userId: number | undefined) => void
}) {
  const [typed, setTyped] = useState('')
  const [picked, setPicked] = useState<ElectionPersonDto>()
  const [found, setFound] = useState<ElectionPersonDto[]>()
  const [problem, setProblem] = useState<string>()
  const [busy, setBusy] = useState(false)
  const seq = useRef(0)

  const type = (value: string) => {
    setTyped(value)
    setPicked(undefined)
    props.onChange(typedUserId(value))
  }

  const search = async () => {
    const q = typed.trim()
    setFound(undefined)
    if (!q) return setProblem('请先输入姓名或门牌号，再点「查找」')
    const mine = ++seq.current
    setProblem(undefined)
    setBusy(true)
    try {
      const people = await findPeople(props.electionId, q)
      if (mine === seq.current) setFound(people)
    } catch (e) {
      if (mine === seq.current) setProblem(`${asApiError(e).message}（可以再点「查找」重试）`)
    } finally {
      if (mine === seq.current) setBusy(false)
    }
  }

  const pick = (p: ElectionPersonDto) => {
    setPicked(p)
    setFound(undefined)
    setTyped(p.name)
    props.onChange(p.userId)
  }

  return (
    <Field label={props.label} error={problem ?? props.error} id={props.id} hint={props.hint ?? '输入姓名或门牌号后点「查找」，再点选要找的人'}>
      <View className='election-filter'>
        <Input className='input' value={typed} maxlength={32} placeholder='例如 王芳 或 3栋101' confirmType='search'
          onInput={(e) => type(e.detail.value)} onConfirm={() => void search()} />
        <ActionButton kind='secondary' id={`${props.id}-search`} disabled={busy} onClick={() => void search()}>
          {busy ? '查找中…' : '查找'}
        </ActionButton>
      </View>
      {picked ? (
        <View className='banner banner--ok' role='status' id={`${props.id}-picked`}>
          {`已选：${picked.name}（${picked.houseLabel}）`}
        </View>
      ) : null}
      {found && found.length === 0 ? (
        <View className='muted' id={`${props.id}-none`}>没有找到这位居民。可以只输入姓，或只输入门牌号再试；只有已通过住址认证的居民才能找到。</View>
      ) : null}
      {found && found.length > 0 ? (
        <View className='person-list' id={`${props.id}-results`}>
          {found.map((p) => (
            <View key={p.userId} className='item person-row' role='button' id={`${props.id}-person-${p.userId}`} {...pressable(() => pick(p))}>
              <View className='item__head'>
                <View className='item__title'>{p.name}</View>
                <View className='person-row__tags'>
                  {p.onRoll ? <View className='tag tag--approved'>已在名单</View> : null}
                  {p.candidate ? <View className='tag tag--pending'>候选人</View> : null}
                </View>
              </View>
              <View className='item__meta'>{`${p.houseLabel} · 用户编号 ${p.userId}`}</View>
            </View>
          ))}
        </View>
      ) : null}
    </Field>
  )
}
