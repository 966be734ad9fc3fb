import { View } from '@tarojs/components'
import type { ReactNode } from 'react'

/** One labelled value of a card (姓名 … 张建国), the layout every detail card uses. */
export default function InfoRow({ label, children, id, valueClassName }: { label: string; children: ReactNode; id?: string; valueClassName?: string }) {
  return (
    <View className='row' id={id}>
      <View className='row__label'>{label}</View>
      <View className={valueClassName ? `row__value ${valueClassName}` : 'row__value'}>{children}</View>
    </View>
  )
}
