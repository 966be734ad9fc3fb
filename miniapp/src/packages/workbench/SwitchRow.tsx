import { Switch, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { controlName } from '../../utils/a11y'

/**
 * A yes/no setting of a workbench form: title and hint on the left, the switch (named by the title)
 * on the right, green unless `color` says otherwise (red for a setting that alerts residents).
 */
export default function SwitchRow(props: { id: string; title: string; hint: ReactNode; checked: boolean; onChange: (v: boolean) => void; color?: string }) {
  return (
    <View className='row switch-row' id={props.id}>
      <View>
        <View className='item__title'>{props.title}</View>
        <View className='item__meta'>{props.hint}</View>
      </View>
      <Switch checked={props.checked} color={props.color ?? '#1e6b52'} {...controlName(props.title)} onChange={(e) => props.onChange(e.detail.value)} />
    </View>
  )
}
