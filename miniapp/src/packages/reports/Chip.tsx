import { View } from '@tarojs/components'

/** One choice of a picker or filter row (a radio among chips), at least one tap target high. */
export default function Chip(props: { id?: string; active: boolean; onTap: () => void; children: string }) {
  return (
    <View id={props.id} className={`chip${props.active ? ' chip--active' : ''}`} role='radio' aria-checked={props.active} onClick={props.onTap}>
      {props.children}
    </View>
  )
}
