import { View } from '@tarojs/components'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import { ErrorState, Loading } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import { listObjections, resolveObjection, type ElectionDetailDto, type ObjectionDto } from '../../../services/elections'
import { formatDateTime } from '../../../utils/time'
import { useAction } from '../../../hooks/useAction'
import { ActionError, ReasonPanel } from './shared'

/**
 * 异议: every objection to the roll with its state; while the roll is open staff decide each one
 * (成立 / 不成立 with 处理意见; upholding a `missing` objection about someone else asks whom to add).
 */
export default function ObjectionsList({ election: e, onResolved }: { election: ElectionDetailDto; onResolved: () => void }) {
  const objections = useResource(() => listObjections(e.id))
  const action = useAction()
  const [deciding, setDeciding] = useState<{ id: number; upheld: boolean }>()
  const manage = e.allowedActions.manageRoll

  const resolve = async (o: ObjectionDto, upheld: boolean, resolution: string, userId?: number) => {
    const done = await action.run(() => resolveObjection(e.id, o.id, { upheld, resolution, ...(userId ? { userId } : {}) }), {
      confirm: { title: upheld ? '异议成立' : '异议不成立', content: upheld ? '成立后选民名单会随之修改，处理意见会告知提出人。' : '处理意见会告知提出人。确定吗？' },
      done: '已处理',
    })
    if (done) {
      setDeciding(undefined)
      await objections.reload()
      if (upheld) onResolved()
    }
  }

  const list = objections.data ?? []
  return (
    <View id='objections'>
      <View className='section-title'>居民异议</View>
      {objections.error ? <ErrorState error={objections.error} onRetry={() => void objections.reload()} /> : null}
      {!objections.data && objections.loading ? <Loading /> : null}
      {objections.data && list.length === 0 ? <View className='muted'>没有异议。</View> : null}
      <ActionError error={action.error} id='objection-error' />
      {list.map((o) => {
        const other = o.kind === 'missing' && Boolean(o.subjectText)
        return (
          <View key={o.id} className='item election-objection' id={`objection-${o.id}`}>
            <View className='item__head'>
              <View className='item__title'>{o.kindLabel}</View>
              <View className={`tag tag--${o.status === 'pending' ? 'pending' : o.status === 'upheld' ? 'approved' : 'rejected'}`}>{o.statusLabel}</View>
            </View>
            <View className='item__meta'>
              {o.subject ? `涉及：${o.subject.maskedName}（${o.subject.buildingLabel}）` : o.subjectText ? `涉及：${o.subjectText}` : '涉及：提出人本人'}
            </View>
            <View>理由：{o.reason}</View>
            <View className='item__meta'>{o.filer ? `提出人 ${o.filer} · ` : ''}{formatDateTime(o.createdAt)}</View>
            {o.resolution ? <View>处理意见：{o.resolution}</View> : null}
            {manage && o.status === 'pending' && deciding?.id !== o.id ? (
              <View className='actions'>
                <ActionButton grow id={`objection-${o.id}-uphold`} onClick={() => setDeciding({ id: o.id, upheld: true })}>成立</ActionButton>
                <ActionButton grow kind='secondary' id={`objection-${o.id}-dismiss`} onClick={() => setDeciding({ id: o.id, upheld: false })}>不成立</ActionButton>
              </View>
            ) : null}
            {manage && deciding?.id === o.id ? (
              <ReasonPanel id='objection-resolution' label='处理意见' confirmId='objection-confirm' confirmText={deciding.upheld ? '确定成立' : '确定不成立'}
                busy={action.busy} user={deciding.upheld && other ? { id: 'objection-user', electionId: e.id, label: '补登的居民', hint: '核实被登记人后，输入其姓名或门牌号查找并点选', required: true } : undefined}
                onSubmit={(resolution, userId) => void resolve(o, deciding.upheld, resolution, userId)} onCancel={() => setDeciding(undefined)} />
            ) : null}
          </View>
        )
      })}
    </View>
  )
}
