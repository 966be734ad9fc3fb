import { Input, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { scrollToFormError, useFormSubmit } from '../../../hooks/useFormSubmit'
import { useResource } from '../../../hooks/useResource'
import { getRegionTree } from '../../../services/regions'
import {
  createService, ELIGIBILITY_OPTIONS, getService, GROUP_OPTIONS, updateService, type CareGroup, type ServiceDetailDto,
} from '../../../services/serviceDesk'
import { SERVICE_LIMITS } from '../../../utils/limits'
import { SLOTS_PAGE, withQuery } from '../../../utils/routes'
import Chip from '../../../components/Chip'
import FormFailure from '../FormFailure'
import SwitchRow from '../SwitchRow'
import {
  emptyServiceForm, formFromService, serviceFieldOf, toCreateInput, toUpdateInput, validateServiceForm, type ServiceForm,
} from './form'
import MaterialsEditor from './MaterialsEditor'
import '../workbench.css'
import '../desk.css'
import { controlName } from '../../../utils/a11y'

/** 新增服务 (`?communityId=`) / 编辑服务 (`?id=`): every field of a service, saved with its version. */
export default function ServiceEditPage() {
  const { params } = useRouter()
  const id = params.id ? Number(params.id) : undefined
  const existing = useResource(() => getService(id!), { immediate: Boolean(id) })
  // A new service belongs to the community it was started from, else to the first one in scope.
  const tree = useResource(getRegionTree, { immediate: !id && !params.communityId })
  const communityId = params.communityId ? Number(params.communityId) : tree.data?.flatMap((s) => s.children)[0]?.id

  const failed = id ? existing.error : tree.error
  const ready = id ? existing.data : communityId !== undefined
  return (
    <PageShell>
      {failed ? <ErrorState error={failed} onRetry={() => void (id ? existing.reload() : tree.reload())} /> : null}
      {!failed && !ready && (existing.loading || tree.loading) ? <Loading /> : null}
      {!failed && !id && tree.data && communityId === undefined ? <Empty title='您的管辖范围内没有社区' /> : null}
      {!failed && ready ? (
        <ServiceEditor key={existing.data?.version ?? 'new'} existing={existing.data} communityId={existing.data?.communityId ?? communityId!} onReload={existing.reload} />
      ) : null}
    </PageShell>
  )
}

function ServiceEditor({ existing, communityId, onReload }: { existing?: ServiceDetailDto; communityId: number; onReload: () => Promise<void> }) {
  const [form, setForm] = useState<ServiceForm>(() => (existing ? formFromService(existing) : emptyServiceForm()))
  const { busy: saving, errors, failure, keyFor, submit: send, check } = useFormSubmit(serviceFieldOf)
  const patch = (p: Partial<ServiceForm>) => setForm((f) => ({ ...f, ...p }))

  const submit = async () => {
    if (saving) return
    if (!check(validateServiceForm(form))) return
    const sent = await send(async () => {
      if (existing) {
        await updateService(existing.id, toUpdateInput(form, existing.version))
        Taro.showToast({ title: '已保存', icon: 'success' })
        void Taro.navigateBack().catch(() => undefined)
      } else {
        const input = toCreateInput(form, communityId)
        const created = await createService(input, keyFor(input))
        Taro.showToast({ title: '已新增，请发布时段', icon: 'none' })
        void Taro.redirectTo({ url: withQuery(SLOTS_PAGE, { serviceId: created.id }) })
      }
    })
    if (!sent) scrollToFormError()
  }

  const toggleGroup = (g: CareGroup) =>
    patch({ eligibleGroups: form.eligibleGroups.includes(g) ? form.eligibleGroups.filter((x) => x !== g) : [...form.eligibleGroups, g] })
  const number = (key: keyof ServiceForm, label: string, hint: string, digit = false) => (
    <Field label={label} error={errors[key]} id={`field-${key}`} hint={hint}>
      <Input className='input' type={digit ? 'digit' : 'number'} value={String(form[key])} maxlength={digit ? 12 : 6} {...controlName(label)} onInput={(e) => patch({ [key]: e.detail.value })} />
    </Field>
  )

  return (
    <View id='service-form'>
      <View className='hero'>
        <View className='hero__title'>{existing ? '编辑服务' : '新增服务'}</View>
        <View className='hero__sub'>{existing ? `${existing.name} · ${existing.active ? '已上架' : '已下架'}` : '居民在「办事」里看到并预约'}</View>
      </View>
      <FormFailure failure={failure} idPrefix='service' subject='这项服务' onReload={onReload} />

      <View className='card'>
        <Field label='服务名称' error={errors.name} id='field-name'>
          <Input className='input' value={form.name} maxlength={SERVICE_LIMITS.nameMax} placeholder='例如：居住证办理' onInput={(e) => patch({ name: e.detail.value })} />
        </Field>
        <Field label='办理部门或窗口' error={errors.department} id='field-department' hint='居民到哪里办理，窗口按此分开查看当天预约'>
          <Input className='input' value={form.department} maxlength={SERVICE_LIMITS.departmentMax} placeholder='例如：一楼综合窗口' onInput={(e) => patch({ department: e.detail.value })} />
        </Field>
        <Field label='服务说明（可不填）' error={errors.description} id='field-description'>
          <Textarea className='textarea textarea--short' value={form.description} maxlength={SERVICE_LIMITS.descriptionMax} autoHeight placeholder='办理条件、注意事项等'
            onInput={(e) => patch({ description: e.detail.value })} />
        </Field>
      </View>

      <View className='card'>
        <View className='card__title'>所需材料</View>
        <MaterialsEditor lines={form.materials} errors={errors} onChange={(materials) => patch({ materials })} />
      </View>

      <View className='card'>
        <View className='card__title'>谁可以预约</View>
        <View className='chips' role='radiogroup' id='field-eligibility'>
          {ELIGIBILITY_OPTIONS.map((o) => (
            <Chip key={o.value} id={`eligibility-${o.value}`} active={form.eligibility === o.value} onTap={() => patch({ eligibility: o.value })}>
              {o.label}
            </Chip>
          ))}
        </View>
        {form.eligibility === 'groups' ? (
          <Field label='限以下人群（可多选）' error={errors.eligibleGroups} id='field-eligibleGroups'>
            <View className='chips' role='group'>
              {GROUP_OPTIONS.map((g) => (
                <Chip key={g.value} id={`group-${g.value}`} kind='checkbox' active={form.eligibleGroups.includes(g.value)} onTap={() => toggleGroup(g.value)}>
                  {g.label}
                </Chip>
              ))}
            </View>
          </Field>
        ) : null}
      </View>

      <View className='card'>
        <View className='card__title'>办理规则</View>
        {number('fee', '费用（元）', '免费填 0；收费服务由居民微信支付', true)}
        {existing && !existing.paymentAvailable && form.fee.trim() !== '0' ? (
          <View className='banner banner--info' id='service-no-payment'>本系统尚未开通微信支付：收费服务居民暂时无法在线预约，会提示到窗口办理。</View>
        ) : null}
        {number('durationMinutes', '办理时长（分钟）', '5 至 480 分钟')}
        {number('bookAheadDays', '可提前预约天数', '居民最多可预约多少天以内的时段')}
        {number('minNoticeMinutes', '最少提前预约（分钟）', '例如 60 表示至少提前 1 小时预约')}
        {number('freeCancelHours', '免费取消（开始前几小时）', '在此之前取消不收费，已付费的原路退款')}
        <SwitchRow id='field-requiresConfirmation' title='需要工作人员确认' hint='居民预约后由工作人员确认，确认后才算预约成功'
          checked={form.requiresConfirmation} onChange={(requiresConfirmation) => patch({ requiresConfirmation })} />
        <SwitchRow id='field-homeService' title='上门服务' hint='预约时居民选择自己的房屋作为服务地点'
          checked={form.homeService} onChange={(homeService) => patch({ homeService })} />
        {existing ? (
          <SwitchRow id='field-active' title='上架' hint='下架后居民看不到也不能预约，已有的预约不受影响'
            checked={form.active} onChange={(active) => patch({ active })} />
        ) : null}
        {number('sortOrder', '排序（可不填）', '数字小的排在前面')}
      </View>

      <ActionButton block id='service-submit' disabled={saving} onClick={() => void submit()}>
        {saving ? '保存中…' : existing ? '保存修改' : '新增服务'}
      </ActionButton>
    </View>
  )
}
