import { View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { MaterialDto } from '../../services/bookings'
import { loadChecked, materialText, readyText, saveChecked, toggleChecked } from './checklist'
import { pressable } from '../../utils/keyboard'

/**
 * 所需材料: the service's checklist; the resident ticks what they have ready, and the ticks stay
 * on this phone per service (the service page and the booking's detail share them).
 */
export default function MaterialsChecklist({ serviceId, materials, id = 'materials' }: { serviceId: number; materials: MaterialDto[]; id?: string }) {
  const [checked, setChecked] = useState<string[]>(() => loadChecked(serviceId, materials))
  useEffect(() => setChecked(loadChecked(serviceId, materials)), [serviceId, materials])

  const toggle = (name: string) => {
    const next = toggleChecked(materials, checked, name)
    setChecked(next)
    saveChecked(serviceId, next)
  }

  return (
    <View className='card' id={id}>
      <View className='item__head'>
        <View className='card__title'>所需材料</View>
        {materials.length > 0 ? <View className={`booking-ready${checked.length === materials.length ? ' booking-ready--all' : ''}`} id={`${id}-ready`}>{readyText(materials, checked)}</View> : null}
      </View>
      {materials.length === 0 ? <View className='muted'>无需携带材料。</View> : <View className='muted'>请对照清单准备，备好的点一下打勾，出门前再看一眼。</View>}
      {materials.map((m, i) => {
        const on = checked.includes(m.name)
        return (
          <View key={m.name} id={`${id}-item-${i}`} className={`booking-check${on ? ' booking-check--on' : ''}`} role='checkbox' aria-checked={on} {...pressable(() => toggle(m.name))}>
            <View className='booking-check__box'>{on ? '✓' : ''}</View>
            <View className='booking-check__text'>{materialText(m)}</View>
          </View>
        )
      })}
    </View>
  )
}
