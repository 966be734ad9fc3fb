import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import Field from '../../../components/Field'
import { ErrorState, Loading } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import { listBuildings } from '../../../services/households'
import { communitiesOf, getRegionTree } from '../../../services/regions'
import { explainRefusal, refusalOf } from '../../../utils/permissions'
import { BINDING_PAGE } from '../../../utils/routes'
import Chip from '../../../components/Chip'
import type { PlaceChoice } from './draft'
import { pressable } from '../../../utils/keyboard'

const ASKED = { what: '位置信息', setting: '位置信息', action: '在地图上选点' }
/** The map picker exists in WeChat; Taro's H5 one needs a Tencent Maps key we do not ship. */
const canUseMap = () => process.env.TARO_ENV === 'weapp'

/**
 * Where the problem is: one of my bound households, a building of a community, or (in WeChat)
 * a point chosen on the map (`Taro.chooseLocation`, declared in requiredPrivateInfos).
 */
export default function PlaceField({ households, value, onChange, error }: {
  households: { id: number; address: string }[]
  value?: PlaceChoice
  onChange: (place: PlaceChoice) => void
  error?: string
}) {
  const [picking, setPicking] = useState(false)

  const pickOnMap = async () => {
    try {
      const at = await Taro.chooseLocation({})
      const address = [at.address, at.name].filter(Boolean).join(' ')
      onChange({ kind: 'point', lat: at.latitude, lng: at.longitude, address, label: address || '地图上选择的位置' })
    } catch (e) {
      const refusal = refusalOf((e as { errMsg?: string } | undefined)?.errMsg)
      if (refusal === 'privacy' || refusal === 'denied') await explainRefusal(refusal, ASKED)
      else if (refusal === 'other') Taro.showToast({ title: '暂时无法打开地图，请选择楼栋', icon: 'none' })
    }
  }

  return (
    <Field label='问题位置' error={error} id='field-location'>
      <View className='chips' role='radiogroup'>
        {households.map((h) => (
          <Chip
            key={h.id}
            id={`place-household-${h.id}`}
            active={value?.kind === 'household' && value.householdId === h.id}
            onTap={() => {
              setPicking(false)
              onChange({ kind: 'household', householdId: h.id, label: h.address })
            }}
          >
            {`我家 ${h.address}`}
          </Chip>
        ))}
        <Chip id='place-building' active={picking || value?.kind === 'building'} onTap={() => setPicking(true)}>
          选择楼栋
        </Chip>
        {canUseMap() ? (
          <Chip id='place-map' active={value?.kind === 'point'} onTap={() => void pickOnMap()}>
            在地图上选点
          </Chip>
        ) : null}
      </View>
      {households.length === 0 ? (
        <View className='field__hint' id='place-bind-hint'>
          绑定房屋后可直接选择您家。
          <View className='link' role='link' {...pressable(() => Taro.navigateTo({ url: BINDING_PAGE }), 'link')}>去绑定房屋</View>
        </View>
      ) : null}
      {picking ? (
        <BuildingPicker
          onPick={(buildingId, label) => {
            setPicking(false)
            onChange({ kind: 'building', buildingId, label })
          }}
        />
      ) : null}
      {value ? <View className='report-place' id='place-chosen'>位置：{value.label}</View> : null}
    </Field>
  )
}

/** 社区 → 楼栋, from the region tree and the community's buildings. */
function BuildingPicker({ onPick }: { onPick: (buildingId: number, label: string) => void }) {
  const communities = useResource(async () => communitiesOf(await getRegionTree()))
  const [community, setCommunity] = useState<{ id: number; name: string }>()
  const buildings = useResource(() => listBuildings(community!.id), { immediate: false })

  useEffect(() => {
    if (community) void buildings.reload()
  }, [community?.id])
  // One community (the usual case for a resident): take it without asking.
  useEffect(() => {
    if (communities.data?.length === 1 && !community) setCommunity(communities.data[0])
  }, [communities.data])

  return (
    <View className='report-picker' id='building-picker'>
      {communities.loading ? <Loading /> : null}
      {communities.error ? <ErrorState error={communities.error} onRetry={communities.reload} /> : null}
      {communities.data && communities.data.length > 1 ? (
        <View className='chips' role='radiogroup'>
          {communities.data.map((c) => (
            <Chip key={c.id} active={c.id === community?.id} onTap={() => setCommunity(c)}>
              {c.name}
            </Chip>
          ))}
        </View>
      ) : null}
      {community ? (
        <View>
          <View className='field__hint'>{community.name}的楼栋：</View>
          {buildings.loading ? <Loading /> : null}
          {buildings.error ? <ErrorState error={buildings.error} onRetry={buildings.reload} /> : null}
          {buildings.data?.length === 0 ? <View className='muted'>该社区还没有登记楼栋</View> : null}
          <View className='chips' role='radiogroup'>
            {buildings.data?.map((b) => (
              <Chip key={b.id} id={`building-${b.id}`} active={false} onTap={() => onPick(b.id, `${community.name} ${b.estate} ${b.name}`)}>
                {`${b.estate} ${b.name}`}
              </Chip>
            ))}
          </View>
        </View>
      ) : null}
    </View>
  )
}
