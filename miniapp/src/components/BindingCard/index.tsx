import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import type { BindingDto } from '../../services/types'
import { formatDateTime } from '../../utils/time'

/** One household binding: address, relation, state (with the reason when rejected), time. */
export default function BindingCard({ binding, children }: { binding: BindingDto; children?: ReactNode }) {
  const h = binding.household
  return (
    <View className='item binding' id={`binding-${binding.id}`}>
      <View className='item__head'>
        <View className='item__title'>{h.address}</View>
        <View className={`tag tag--${binding.status}`}>{binding.statusLabel}</View>
      </View>
      <View className='item__meta'>
        {h.community.name} · {h.grid.name} · {binding.relationLabel}
      </View>
      <View className='item__meta'>申请时间 {formatDateTime(binding.createdAt)}</View>
      {binding.reviewedAt ? <View className='item__meta'>审核时间 {formatDateTime(binding.reviewedAt)}</View> : null}
      {binding.status === 'rejected' && binding.reason ? <View className='field__error'>未通过原因：{binding.reason}</View> : null}
      {children}
    </View>
  )
}
