import { View } from '@tarojs/components'
import { useState } from 'react'
import type { BallotPaperDto } from '../../../services/elections'
import { pressable } from '../../../utils/keyboard'

type Contest = BallotPaperDto['contests'][number]

/**
 * One contest of the ballot: the rule (应选N人，最多选N人，可少选或不选), then each candidate as a
 * large row to tap on or off; a tap past the seats is refused with a message. The statement opens
 * with 看竞选陈述.
 */
export default function ContestChoices({ contest: c, chosen, error, onToggle }: {
  contest: Contest
  chosen: number[]
  error?: string
  onToggle: (candidateId: number) => void
}) {
  const [open, setOpen] = useState<number>()
  return (
    <View className={`card${error ? ' field--invalid' : ''}`} id={`contest-${c.id}`}>
      <View className='item__head'>
        <View className='card__title'>{c.name}</View>
        <View className='muted' id={`contest-${c.id}-count`}>{`已选 ${chosen.length}/${c.seats}`}</View>
      </View>
      <View className='note contest-rule'>{`应选${c.seats}人，最多选${c.seats}人，可少选或不选`}</View>
      {error ? <View className='field__error' role='alert' id={`contest-${c.id}-error`}>{error}</View> : null}
      {c.candidates.map((k) => {
        const on = chosen.includes(k.id)
        return (
          <View key={k.id}>
            <View id={`candidate-${k.id}`} className={`choice${on ? ' choice--on' : ''}`} role='checkbox' aria-checked={on} {...pressable(() => onToggle(k.id))}>
              <View className='choice__box'>{on ? '✓' : ''}</View>
              <View className='candidate__main'>
                <View className='candidate__name'>{k.name}</View>
                <View className='item__meta'>{k.buildingLabel}</View>
              </View>
            </View>
            {k.statement ? (
              <View className='link' role='button' id={`statement-toggle-${k.id}`} {...pressable(() => setOpen(open === k.id ? undefined : k.id))}>
                {open === k.id ? '收起竞选陈述' : '看竞选陈述'}
              </View>
            ) : null}
            {open === k.id ? <View className='choice__statement' id={`statement-${k.id}`}>{k.statement}</View> : null}
          </View>
        )
      })}
      {c.candidates.length === 0 ? <View className='muted'>本职位没有候选人</View> : null}
    </View>
  )
}
