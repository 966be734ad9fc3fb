import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState, type ReactNode } from 'react'
import BindingCard from '../../../components/BindingCard'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { asApiError, useResource, type Resource } from '../../../hooks/useResource'
import { listBuildingHouseholds, listBuildings, requestBinding } from '../../../services/households'
import { communitiesOf, getRegionTree } from '../../../services/regions'
import type { ApiError } from '../../../services/request'
import type { BindingDto, BindingRequestInput } from '../../../services/types'
import { RELATIONS } from '../../../utils/labels'
import { REALNAME_PAGE } from '../../../utils/routes'
import ActionButton from '../../../components/ActionButton'
import Chip from '../../../components/Chip'

type Relation = BindingRequestInput['relation']

/** 绑定房屋: community → building → room → relation, then a request for committee review. */
export default function BindingPage() {
  const [communityId, setCommunityId] = useState<number>()
  const [buildingId, setBuildingId] = useState<number>()
  const [householdId, setHouseholdId] = useState<number>()
  const [relation, setRelation] = useState<Relation>()
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<ApiError>()
  const [created, setCreated] = useState<BindingDto>()

  const communities = useResource(async () => communitiesOf(await getRegionTree()))
  const buildings = useResource(() => listBuildings(communityId!), { immediate: false })
  const rooms = useResource(() => listBuildingHouseholds(buildingId!), { immediate: false })

  useEffect(() => {
    if (communityId) void buildings.reload()
  }, [communityId])
  useEffect(() => {
    if (buildingId) void rooms.reload()
  }, [buildingId])

  const pickCommunity = (id: number) => {
    setCommunityId(id)
    setBuildingId(undefined)
    setHouseholdId(undefined)
  }
  const pickBuilding = (id: number) => {
    setBuildingId(id)
    setHouseholdId(undefined)
  }

  const submit = async () => {
    if (!householdId || !relation || submitting) return
    setSubmitting(true)
    setError(undefined)
    try {
      setCreated(await requestBinding({ householdId, relation }))
    } catch (e) {
      setError(asApiError(e))
    } finally {
      setSubmitting(false)
    }
  }

  if (created) {
    return (
      <PageShell>
        <View className='banner banner--ok' id='binding-submitted'>申请已提交，等待社区工作人员审核。</View>
        <View className='card' id='binding-created'>
          <BindingCard binding={created} />
        </View>
        <ActionButton block onClick={() => Taro.navigateBack()}>
          返回我的
        </ActionButton>
      </PageShell>
    )
  }

  return (
    <PageShell>
      <View className='hero'>
        <View className='hero__title'>绑定房屋</View>
        <View className='hero__sub'>选择您居住的房屋，提交后由社区工作人员审核。</View>
      </View>

      <Step title='1. 选择社区' resource={communities} emptyTitle='暂无可选择的社区'>
        {communities.data?.map((c) => (
          <Chip key={c.id} active={c.id === communityId} onTap={() => pickCommunity(c.id)}>
            {c.name}
          </Chip>
        ))}
      </Step>

      {communityId ? (
        <Step title='2. 选择楼栋' resource={buildings} emptyTitle='该社区还没有登记楼栋'>
          {buildings.data?.map((b) => (
            <Chip key={b.id} active={b.id === buildingId} onTap={() => pickBuilding(b.id)}>
              {`${b.estate} ${b.name}`}
            </Chip>
          ))}
        </Step>
      ) : null}

      {buildingId ? (
        <Step title='3. 选择房间' resource={rooms} emptyTitle='该楼栋还没有登记房间'>
          {rooms.data?.map((h) => (
            <Chip key={h.id} active={h.id === householdId} onTap={() => setHouseholdId(h.id)}>
              {h.label}
            </Chip>
          ))}
        </Step>
      ) : null}

      {householdId ? (
        <View className='card'>
          <View className='card__title'>4. 与该户的关系</View>
          <View className='chips'>
            {RELATIONS.map((r) => (
              <Chip key={r.value} active={r.value === relation} onTap={() => setRelation(r.value)}>
                {r.label}
              </Chip>
            ))}
          </View>
        </View>
      ) : null}

      {error ? <SubmitError error={error} /> : null}

      <ActionButton block id='submit-binding' disabled={!householdId || !relation || submitting} onClick={submit}>
        {submitting ? '提交中…' : '提交申请'}
      </ActionButton>
    </PageShell>
  )
}

function Step<T>(props: { title: string; resource: Resource<T[]>; emptyTitle: string; children: ReactNode }) {
  const { resource } = props
  return (
    <View className='card'>
      <View className='card__title'>{props.title}</View>
      {resource.loading ? <Loading /> : null}
      {resource.error ? <ErrorState error={resource.error} onRetry={resource.reload} /> : null}
      {!resource.loading && resource.data?.length === 0 ? <Empty title={props.emptyTitle} /> : null}
      {!resource.loading && resource.data?.length ? <View className='chips'>{props.children}</View> : null}
    </View>
  )
}

function SubmitError({ error }: { error: ApiError }) {
  return (
    <View className='banner banner--error' role='alert' id='binding-error'>
      <View>{error.code === 'PROFILE_REQUIRED' ? '请先完成实名登记' : error.message}</View>
      {error.code === 'PROFILE_REQUIRED' ? (
        <View className='link' onClick={() => Taro.navigateTo({ url: REALNAME_PAGE })}>
          去实名登记
        </View>
      ) : null}
    </View>
  )
}
