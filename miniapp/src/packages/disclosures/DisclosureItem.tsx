import { Text, View } from '@tarojs/components'
import { formatYuan, periodLabel, type DisclosureSummaryDto } from '../../services/disclosures'
import { formatDateTime } from '../../utils/time'
import { pressable } from '../../utils/keyboard'

/** One item of a 三务公开 list: category, title, period, its sums in 元, and 已撤回 (with the reason) or 已更正. */
export default function DisclosureItem({ item, onOpen }: { item: DisclosureSummaryDto; onOpen: (id: number) => void }) {
  const hasSums = item.incomeFen > 0 || item.expenseFen > 0
  return (
    <View className='item disclosure-item' id={`disclosure-${item.id}`} role='link' {...pressable(() => onOpen(item.id), 'link')}>
      <View className='item__head'>
        <View className='item__title'>{item.title}</View>
        <View className={`tag${item.status === 'published' ? '' : ' tag--withdrawn'}`}>{item.status === 'published' ? item.categoryLabel : item.statusLabel}</View>
      </View>
      <View className='item__meta'>
        {item.categoryLabel} · {periodLabel(item.period)} · {formatDateTime(item.publishedAt)} 公开
      </View>
      {hasSums ? (
        <View className='item__meta'>
          收入 <Text className='amount amount--income'>{formatYuan(item.incomeFen)}</Text>，支出{' '}
          <Text className='amount amount--expense'>{formatYuan(item.expenseFen)}</Text>
        </View>
      ) : null}
      {item.status === 'withdrawn' && item.withdrawnReason ? <View className='item__meta'>撤回原因：{item.withdrawnReason}</View> : null}
    </View>
  )
}
