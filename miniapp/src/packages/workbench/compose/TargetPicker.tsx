import { View } from '@tarojs/components'
import { useEffect, type ReactNode } from 'react'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import { listBuildings } from '../../../services/households'
import type { RegionTreeDto } from '../../../services/types'
import type { NoticeForm, TargetType } from './form'
import Chip from '../../../components/Chip'

type Community = RegionTreeDto[number]['children'][number]

const TYPES: { value: TargetType; label: string }[] = [
  { value: 'community', label: '全社区' },
  { value: 'grids', label: '指定网格' },
  { value: 'buildings', label: '指定楼栋' },
]

/** The part of a form TargetPicker reads and changes (a notice's, a consultation topic's). */
export type Target = Pick<NoticeForm, 'communityId' | 'targetType' | 'gridIds' | 'buildingIds'>

/**
 * Whom the notice (or topic) is for: a whole community, chosen grids (from the region tree) or
 * chosen buildings (from the community's buildings). `locked` once the notice is out.
 */
export default function TargetPicker(props: {
  form: Target
  communities: Community[]
  locked: boolean
  onChange: (patch: Partial<Target>) => void
}) {
  const { form, communities, locked, onChange } = props
  const community = communities.find((c) => c.id === form.communityId)
  const buildings = useResource(() => listBuildings(form.communityId!), { immediate: false })

  useEffect(() => {
    if (form.targetType === 'buildings' && form.communityId) void buildings.reload()
  }, [form.targetType, form.communityId])

  const toggle = (list: number[], id: number) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id])

  if (locked) {
    return <View className='muted'>公告已发布，发布范围不能再更改。</View>
  }
  return (
    <View id='target-picker'>
      {communities.length > 1 ? (
        <View className='chips target-picker__communities'>
          {communities.map((c) => (
            <Choice key={c.id} id={`community-${c.id}`} active={c.id === form.communityId} onTap={() => onChange({ communityId: c.id, gridIds: [], buildingIds: [] })}>
              {c.name}
            </Choice>
          ))}
        </View>
      ) : null}
      <View className='chips'>
        {TYPES.map((t) => (
          <Choice key={t.value} id={`target-${t.value}`} active={t.value === form.targetType} onTap={() => onChange({ targetType: t.value })}>
            {t.label}
          </Choice>
        ))}
      </View>
      {form.targetType === 'grids' && community ? (
        <View className='chips target-picker__list' id='grid-choices'>
          {community.children.length === 0 ? <Empty title='该社区还没有网格' /> : null}
          {community.children.map((g) => (
            <Choice key={g.id} id={`grid-${g.id}`} multi active={form.gridIds.includes(g.id)} onTap={() => onChange({ gridIds: toggle(form.gridIds, g.id) })}>
              {g.name}
            </Choice>
          ))}
        </View>
      ) : null}
      {form.targetType === 'buildings' && community ? (
        <View className='target-picker__list' id='building-choices'>
          {buildings.loading ? <Loading /> : null}
          {buildings.error ? <ErrorState error={buildings.error} onRetry={buildings.reload} /> : null}
          {!buildings.loading && buildings.data?.length === 0 ? <Empty title='该社区还没有登记楼栋' /> : null}
          <View className='chips'>
            {buildings.data?.map((b) => (
              <Choice key={b.id} id={`building-${b.id}`} multi active={form.buildingIds.includes(b.id)} onTap={() => onChange({ buildingIds: toggle(form.buildingIds, b.id) })}>
                {`${b.estate} ${b.name}`}
              </Choice>
            ))}
          </View>
        </View>
      ) : null}
      {form.targetType !== 'community' && !community ? <View className='muted'>请先选择社区</View> : null}
    </View>
  )
}

/** A chip of the picker: a radio, or with `multi` a checkbox that shows a tick when on. */
function Choice(props: { id?: string; active: boolean; multi?: boolean; onTap: () => void; children: ReactNode }) {
  return (
    <Chip id={props.id} kind={props.multi ? 'checkbox' : 'radio'} active={props.active} onTap={props.onTap}>
      {props.multi && props.active ? '✓ ' : ''}
      {props.children}
    </Chip>
  )
}
