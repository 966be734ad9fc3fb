import { Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import PageShell from '../../../components/PageShell'
import PhotoPicker, { type PickedPhoto } from '../../../components/PhotoPicker'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useFormSubmit } from '../../../hooks/useFormSubmit'
import { useResource } from '../../../hooks/useResource'
import { listBuildings } from '../../../services/households'
import { getMe } from '../../../services/me'
import { createReport, listReportCategories } from '../../../services/reports'
import { explainRefusal, refusalOf } from '../../../utils/permissions'
import { REPORT_HANDLE_PAGE, withQuery } from '../../../utils/routes'
import Chip from '../../../components/Chip'
import { missingChoices, patrolFieldOf, toPatrolInput, type PatrolForm } from './form'
import '../workbench.css'

const MAP_ASKED = { what: '位置信息', setting: '位置信息', action: '在地图上选点' }

/**
 * 巡查上报: a grid worker files a problem found on patrol in their own grid. The report starts
 * accepted by them and appears in 诉求工单 with its resolve deadline.
 */
export default function PatrolPage() {
  const me = useResource(getMe)
  const categories = useResource(listReportCategories)
  const failed = me.error ?? categories.error
  const grids = me.data?.grids ?? []
  return (
    <PageShell>
      {failed ? <ErrorState error={failed} onRetry={() => void (me.error ? me.reload() : categories.reload())} /> : null}
      {!failed && (!me.data || !categories.data) ? <Loading /> : null}
      {!failed && me.data && categories.data ? (
        grids.length === 0 ? (
          <Empty title='您没有负责的网格' hint='巡查上报供网格员在本网格使用。' />
        ) : (
          <PatrolFormView grids={grids} categories={categories.data} />
        )
      ) : null}
    </PageShell>
  )
}

type Grid = { id: number; name: string; communityId: number }
type Category = { id: number; name: string; deadlineText: string }

function PatrolFormView({ grids, categories }: { grids: Grid[]; categories: Category[] }) {
  const [form, setForm] = useState<PatrolForm>({ gridId: grids.length === 1 ? grids[0].id : undefined, description: '', photoIds: [] })
  const [photos, setPhotos] = useState<PickedPhoto[]>([])
  // One key per distinct content: a retry after a lost answer never files the report twice.
  const { busy: saving, errors, failure, keyFor, submit: send, check } = useFormSubmit(patrolFieldOf)
  const [uploading, setUploading] = useState(false)
  const grid = grids.find((g) => g.id === form.gridId)
  const buildings = useResource(() => (grid ? listBuildings(grid.communityId) : Promise.resolve([])), { immediate: false })
  useEffect(() => {
    if (grid) void buildings.reload()
  }, [form.gridId])
  const inGrid = (buildings.data ?? []).filter((b) => b.gridId === form.gridId)
  const category = categories.find((c) => c.id === form.categoryId)

  const patch = (p: Partial<PatrolForm>) => setForm((f) => ({ ...f, ...p }))
  const pickGrid = (g: Grid) => patch({ gridId: g.id, place: undefined })

  const pickOnMap = async () => {
    try {
      const at = await Taro.chooseLocation({})
      const address = [at.address, at.name].filter(Boolean).join(' ')
      patch({ place: { kind: 'point', lat: at.latitude, lng: at.longitude, address, label: address || '地图上选择的位置' } })
    } catch (e) {
      const refusal = refusalOf((e as { errMsg?: string } | undefined)?.errMsg)
      if (refusal === 'privacy' || refusal === 'denied') await explainRefusal(refusal, MAP_ASKED)
      else if (refusal === 'other') Taro.showToast({ title: '暂时无法打开地图，请选择楼栋', icon: 'none' })
    }
  }

  const submit = async () => {
    if (saving || uploading) return
    if (!check(missingChoices(form))) return
    const input = toPatrolInput({ ...form, photoIds: photos.map((p) => p.id) })
    await send(async () => {
      const report = await createReport(input, keyFor(input))
      Taro.showToast({ title: '已上报', icon: 'success' })
      await Taro.redirectTo({ url: withQuery(REPORT_HANDLE_PAGE, { id: report.id }) })
    })
  }

  return (
    <View id='patrol-form'>
      <View className='hero'>
        <View className='hero__title'>巡查上报</View>
        <View className='hero__sub'>上报后由您直接受理，按办结时限处理</View>
      </View>
      {failure ? <View className='banner banner--error' role='alert' id='patrol-error'>{failure.message}</View> : null}
      <View className='card'>
        {grids.length > 1 ? (
          <Field label='网格' error={errors.gridId} id='patrol-grid'>
            <View className='chips' role='radiogroup'>
              {grids.map((g) => (
                <Chip key={g.id} id={`patrol-grid-${g.id}`} active={form.gridId === g.id} onTap={() => pickGrid(g)}>
                  {g.name}
                </Chip>
              ))}
            </View>
          </Field>
        ) : null}
        <Field label='问题类别' error={errors.categoryId} hint={category?.deadlineText} id='patrol-category'>
          <View className='chips' role='radiogroup'>
            {categories.map((c) => (
              <Chip key={c.id} id={`patrol-category-${c.id}`} active={form.categoryId === c.id} onTap={() => patch({ categoryId: c.id })}>
                {c.name}
              </Chip>
            ))}
          </View>
        </Field>
        <Field label='问题位置' error={errors.location} hint={form.place?.label} id='patrol-location'>
          {buildings.error ? <ErrorState error={buildings.error} onRetry={() => void buildings.reload()} /> : null}
          {grid && buildings.loading ? <Loading /> : null}
          <View className='chips' role='radiogroup'>
            {inGrid.map((b) => (
              <Chip
                key={b.id}
                id={`patrol-building-${b.id}`}
                active={form.place?.kind === 'building' && form.place.buildingId === b.id}
                onTap={() => patch({ place: { kind: 'building', buildingId: b.id, label: `${b.estate} ${b.name}` } })}
              >
                {`${b.estate} ${b.name}`}
              </Chip>
            ))}
            <Chip id='patrol-map' active={form.place?.kind === 'point'} onTap={() => void pickOnMap()}>
              在地图上选点
            </Chip>
          </View>
        </Field>
      </View>
      <View className='card'>
        <Field label='问题描述' error={errors.description} id='patrol-description-field'>
          <Textarea
            id='patrol-description'
            className='textarea textarea--short'
            value={form.description}
            maxlength={1000}
            autoHeight
            placeholder='例如：3栋东侧井盖缺失，已设置临时警示'
            onInput={(e) => patch({ description: e.detail.value })}
          />
        </Field>
        <Field label='现场照片' error={errors.photos}>
          <PhotoPicker id='patrol-photos' photos={photos} sources={['camera', 'album']} onBusyChange={setUploading} onChange={setPhotos} />
        </Field>
      </View>
      <ActionButton block id='patrol-submit' disabled={saving || uploading} onClick={() => void submit()}>
        {saving ? '提交中…' : uploading ? '照片上传中…' : '提交并受理'}
      </ActionButton>
    </View>
  )
}
