import { Switch, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useRef, useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import PageShell from '../../../components/PageShell'
import PhotoPicker from '../../../components/PhotoPicker'
import { ErrorState, Loading } from '../../../components/StateView'
import { asApiError, useResource } from '../../../hooks/useResource'
import { useSession } from '../../../hooks/useSession'
import { getMe } from '../../../services/me'
import { createReport, listNearbyReports, listReportCategories, secondReport, type ReportPublicDto } from '../../../services/reports'
import { newIdempotencyKey, type ApiError } from '../../../services/request'
import { LOGIN_PAGE, REALNAME_PAGE, REPORT_DETAIL_PAGE, REPORT_MINE_PAGE, withQuery } from '../../../utils/routes'
import Chip from '../../../components/Chip'
import '../reports.css'
import { createInput, DESCRIPTION_MAX, draftErrors, nearbyKey, nearbyQuery, type ReportDraft } from './draft'
import NearbyOffer from './NearbyOffer'
import PlaceField from './PlaceField'
import { controlName } from '../../../utils/a11y'
import { pressable } from '../../../utils/keyboard'

const MAX_PHOTOS = 9

/** 上报问题: the 随手拍 form (category, description, photos, place, anonymity), for signed-in residents. */
export default function NewReportPage() {
  const session = useSession()
  return <PageShell>{session ? <ReportForm /> : <LoginNeeded />}</PageShell>
}

function LoginNeeded() {
  return (
    <View className='card' id='report-login'>
      <View className='card__title'>请先登录</View>
      <View className='muted'>上报问题需要登录，以便网格员联系您、告诉您办理进度。</View>
      <View className='actions'>
        <ActionButton grow onClick={() => Taro.navigateTo({ url: LOGIN_PAGE })}>
          登录
        </ActionButton>
      </View>
    </View>
  )
}

/** The per-field messages of a refused submission (the API names the field). */
function fieldErrors(e: ApiError): Record<string, string> {
  const pick = (...names: string[]) => names.map((n) => e.fieldMessage(n)).find(Boolean)
  const all = {
    categoryId: pick('categoryId'),
    description: pick('description'),
    photos: pick('photos'),
    location: pick('location', 'location.householdId', 'location.buildingId', 'location.lat', 'location.lng', 'location.address'),
  }
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v)) as Record<string, string>
}

function ReportForm() {
  const me = useResource(getMe)
  const categories = useResource(listReportCategories)
  const [draft, setDraft] = useState<ReportDraft>({ description: '', photos: [], anonymousToPublic: false })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [failure, setFailure] = useState<ApiError>()
  const [uploading, setUploading] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  const [nearby, setNearby] = useState<{ key: string; reports: ReportPublicDto[] }>()
  const [seconding, setSeconding] = useState<number>()
  // One key per draft: a retry after a lost answer returns the report already filed.
  const draftKey = useRef(newIdempotencyKey())

  const patch = (change: Partial<ReportDraft>) => {
    setDraft((d) => ({ ...d, ...change }))
    setErrors((all) => {
      const rest = { ...all }
      for (const k of Object.keys(change)) delete rest[k === 'place' ? 'location' : k]
      return rest
    })
  }

  const open = (id: number) => Taro.redirectTo({ url: withQuery(REPORT_DETAIL_PAGE, { id }) })

  const submit = async (anyway = false) => {
    const found = draftErrors(draft)
    if (uploading) found.photos = '照片还在上传，请稍候再提交'
    setErrors(found)
    if (Object.keys(found).length > 0 || submitting) return
    setSubmitting(true)
    setFailure(undefined)
    try {
      const key = nearbyKey(draft.categoryId!, draft.place!)
      if (!anyway && nearby?.key !== key) {
        // Offering 附议 helps, but is not worth blocking a report over: a failed look-up is skipped.
        const open = await listNearbyReports(nearbyQuery(draft.categoryId!, draft.place!)).catch(() => [] as ReportPublicDto[])
        setNearby({ key, reports: open })
        if (open.length > 0) {
          void Taro.pageScrollTo({ selector: '#nearby-offer', duration: 200 }).catch(() => undefined)
          return
        }
      }
      const created = await createReport(createInput(draft), draftKey.current)
      void Taro.showToast({ title: '已提交', icon: 'success' })
      await open(created.id)
    } catch (e) {
      const err = asApiError(e)
      setFailure(err)
      setErrors(fieldErrors(err))
    } finally {
      setSubmitting(false)
    }
  }

  const second = async (id: number) => {
    setSeconding(id)
    setFailure(undefined)
    try {
      await secondReport(id)
      void Taro.showToast({ title: '已附议', icon: 'success' })
      await open(id)
    } catch (e) {
      setFailure(asApiError(e))
    } finally {
      setSeconding(undefined)
    }
  }

  if (me.loading && !me.data) return <Loading />
  if (me.error && !me.data) return <ErrorState error={me.error} onRetry={me.reload} />
  const { profile, households, policies } = me.data!
  if (!policies.fileReport) {
    return (
      <View className='card' id='report-not-resident'>
        <View className='card__title'>此账号不能以居民身份上报</View>
        <View className='muted'>随手拍供居民上报问题。网格员发现的问题，请在工作台使用「巡查上报」。</View>
      </View>
    )
  }
  const mine = households.filter((b) => b.status === 'approved').map((b) => ({ id: b.household.id, address: b.household.address }))
  const category = categories.data?.find((c) => c.id === draft.categoryId)
  const offer = nearby && draft.categoryId && draft.place && nearby.key === nearbyKey(draft.categoryId, draft.place) ? nearby.reports : []
  const length = draft.description.trim().length

  return (
    <View id='report-form'>
      {!profile.isVerified ? (
        <View className='banner banner--info' id='report-realname-hint'>
          您还没有完成实名登记。实名并绑定房屋后，网格员能更快核实和联系您。
          <View className='link' role='link' {...pressable(() => Taro.navigateTo({ url: REALNAME_PAGE }), 'link')}>去实名登记</View>
        </View>
      ) : null}

      <View className='card'>
        <Field label='问题类别' error={errors.categoryId} id='field-category'>
          {categories.loading ? <Loading /> : null}
          {categories.error ? <ErrorState error={categories.error} onRetry={categories.reload} /> : null}
          <View className='chips' role='radiogroup'>
            {categories.data?.map((c) => (
              <Chip key={c.id} id={`category-${c.id}`} active={c.id === draft.categoryId} onTap={() => patch({ categoryId: c.id })}>
                {c.name}
              </Chip>
            ))}
          </View>
          {category ? (
            <View className='note report-deadline' id='category-deadline'>
              {category.description ? `${category.description}。` : ''}
              {category.deadlineText}
            </View>
          ) : null}
        </Field>

        <Field label='问题描述' error={errors.description} id='field-description'>
          <Textarea
            className='report-textarea'
            value={draft.description}
            maxlength={DESCRIPTION_MAX}
            autoHeight
            placeholder='请描述问题：在哪里、什么情况、持续多久（至少5个字）'
            onInput={(e) => patch({ description: e.detail.value })}
          />
          <View className={`report-counter${length > DESCRIPTION_MAX ? ' report-counter--over' : ''}`} id='description-counter'>
            {length}/{DESCRIPTION_MAX}
          </View>
        </Field>

        <Field label={`照片（选填，最多${MAX_PHOTOS}张）`} error={errors.photos} id='field-photos'>
          <PhotoPicker photos={draft.photos} max={MAX_PHOTOS} onChange={(photos) => patch({ photos })} onBusyChange={setUploading} />
        </Field>

        <PlaceField households={mine} value={draft.place} onChange={(place) => patch({ place })} error={errors.location} />

        <View className='report-switch' id='field-anonymous'>
          <View>
            <View>对其他居民匿名展示</View>
            <View className='field__hint'>社区诉求列表从不显示姓名和门牌号；打开后这条诉求不在社区诉求中展示。办理人员仍能看到您的信息，以便联系您。</View>
          </View>
          <Switch checked={draft.anonymousToPublic} color='#1e6b52' {...controlName('对其他居民匿名展示')} onChange={(e) => patch({ anonymousToPublic: e.detail.value })} />
        </View>
      </View>

      {offer.length > 0 ? (
        <NearbyOffer reports={offer} busyId={seconding} submitting={submitting} onSecond={(id) => void second(id)} onSubmitAnyway={() => void submit(true)} />
      ) : null}

      {failure ? <SubmitFailure error={failure} /> : null}

      {offer.length === 0 ? (
        <ActionButton block id='submit-report' disabled={submitting || uploading} onClick={() => void submit()}>
          {submitting ? '提交中…' : uploading ? '照片上传中…' : '提交'}
        </ActionButton>
      ) : null}
    </View>
  )
}

function SubmitFailure({ error }: { error: ApiError }) {
  if (error.code === 'IDEMPOTENCY_KEY_REUSED') {
    return (
      <View className='banner banner--info' role='alert' id='report-maybe-filed'>
        您刚才的诉求可能已经提交成功。
        <View className='link' role='link' {...pressable(() => Taro.redirectTo({ url: REPORT_MINE_PAGE }), 'link')}>去我的诉求查看</View>
      </View>
    )
  }
  return (
    <View className='banner banner--error' role='alert' id='report-error'>
      {error.message}
      {error.status === 0 ? '（可直接再点提交，不会重复上报）' : ''}
    </View>
  )
}
