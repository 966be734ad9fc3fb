import { View } from '@tarojs/components'
import './Skeleton.css'

/**
 * `list`: `rows` grey rows (title line, meta line) shaped like a list's items, for inside the list's
 * card; `detail`: one card (chip, heading, meta, paragraph) for a detail page.
 */
export type SkeletonKind = 'list' | 'detail'

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

/**
 * Grey blocks shaped like what is on its way, shown while a list's first page or a detail loads
 * (instead of a bare 加载中…). Screen readers hear 「正在加载」; the blocks pulse gently, and not at
 * all under prefers-reduced-motion. It carries `state--loading`, the mark of every loading state
 * (end-to-end tests wait for it to go).
 */
export default function Skeleton({ kind = 'list', rows = 3 }: { kind?: SkeletonKind; rows?: number }) {
  return (
    <View className={`skeleton skeleton--${kind} state--loading`} role='status' aria-busy='true' aria-label='正在加载'>
      <View className='skeleton__label'>正在加载</View>
      {kind === 'detail' ? (
        <View className='card' aria-hidden='true'>
          <View className='skeleton__bar skeleton__bar--chip' />
          <View className='skeleton__bar skeleton__bar--heading' />
          <View className='skeleton__bar skeleton__bar--meta' />
          <View className='skeleton__bar skeleton__bar--meta skeleton__bar--short' />
          {range(4).map((i) => (
            <View key={i} className={`skeleton__bar skeleton__bar--text${i === 3 ? ' skeleton__bar--short' : ''}`} />
          ))}
        </View>
      ) : (
        range(rows).map((i) => (
          <View key={i} className='item' aria-hidden='true'>
            <View className='skeleton__bar skeleton__bar--title' />
            <View className='skeleton__bar skeleton__bar--meta' />
          </View>
        ))
      )}
    </View>
  )
}
