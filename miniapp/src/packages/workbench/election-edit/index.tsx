import { Input, Picker, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { scrollToFormError, useFormSubmit } from '../../../hooks/useFormSubmit'
import { useResource } from '../../../hooks/useResource'
import { createElection, getElection, updateElection, type ElectionDetailDto } from '../../../services/elections'
import { communitiesOf, getRegionTree } from '../../../services/regions'
import { ELECTION_LIMITS } from '../../../utils/limits'
import { ELECTION_ADMIN_PAGE, withQuery } from '../../../utils/routes'
import Chip from '../../../components/Chip'
import FormFailure from '../FormFailure'
import SwitchRow from '../SwitchRow'
import ScheduleEditor from './ScheduleEditor'
import {
  electionFieldOf, emptyElectionForm, formFromElection, fractionText, newContest, toCreateInput, toUpdateInput, validateElectionForm,
  type ElectionForm,
} from './form'
import '../workbench.css'
import '../election/election.css'

/** 新建选举 / 编辑选举 (`?id=` a draft): the election's texts, 职位, rules, preliminary and schedule, saved with its version. */
export default function ElectionEditPage() {
  const { params } = useRouter()
  const id = params.id ? Number(params.id) : undefined
  const existing = useResource(() => getElection(id!), { immediate: Boolean(id) })
  // A new election belongs to a community in the staff member's scope (picked when there are several).
  const tree = useResource(getRegionTree, { immediate: !id })
  const communities = tree.data ? communitiesOf(tree.data) : []
  const [picked, setPicked] = useState<number>()
  const communityId = picked ?? communities[0]?.id

  const failed = id ? existing.error : tree.error
  const loading = id ? !existing.data : !tree.data
  return (
    <PageShell>
      {failed ? <ErrorState error={failed} onRetry={() => void (id ? existing.reload() : tree.reload())} /> : null}
      {!failed && loading ? <Loading /> : null}
      {!failed && !id && tree.data && communityId === undefined ? <Empty title='您的管辖范围内没有社区' /> : null}
      {!failed && !id && communities.length > 1 ? (
        <View className='chips' role='radiogroup' aria-label='社区' id='el-community'>
          {communities.map((c) => (
            <Chip key={c.id} id={`el-community-${c.id}`} active={communityId === c.id} onTap={() => setPicked(c.id)}>{c.name}</Chip>
          ))}
        </View>
      ) : null}
      {!failed && id && existing.data && !existing.data.allowedActions.update ? (
        <Empty title='这次选举已不是草稿，不能再修改' hint='请回到选举管理页继续。' />
      ) : null}
      {!failed && (id ? existing.data?.allowedActions.update : communityId !== undefined) ? (
        <ElectionEditor key={existing.data?.version ?? 'new'} existing={existing.data} communityId={communityId} onReload={existing.reload} />
      ) : null}
    </PageShell>
  )
}

function ElectionEditor({ existing, communityId, onReload }: { existing?: ElectionDetailDto; communityId?: number; onReload: () => Promise<void> }) {
  const [form, setForm] = useState<ElectionForm>(() => (existing ? formFromElection(existing) : emptyElectionForm()))
  const { busy: saving, errors, failure, submit: send, check } = useFormSubmit(electionFieldOf)
  const patch = (p: Partial<ElectionForm>) => setForm((f) => ({ ...f, ...p }))
  const patchContest = (i: number, p: { name?: string; seats?: string }) =>
    patch({ contests: form.contests.map((c, j) => (j === i ? { ...c, ...p } : c)) })

  const submit = async () => {
    if (saving) return
    if (!check(validateElectionForm(form))) return
    const sent = await send(async () => {
      if (existing) {
        await updateElection(existing.id, toUpdateInput(form, existing.version))
        Taro.showToast({ title: '已保存', icon: 'success' })
        void Taro.navigateBack().catch(() => undefined)
      } else {
        const created = await createElection(toCreateInput(form, communityId!))
        Taro.showToast({ title: '已保存为草稿', icon: 'success' })
        void Taro.redirectTo({ url: withQuery(ELECTION_ADMIN_PAGE, { id: created.id }) })
      }
    })
    if (!sent) scrollToFormError()
  }

  const text = (key: 'title' | 'conditionsText' | 'description', id: string, label: string, long: boolean, placeholder: string, hint?: string) => (
    <Field label={label} error={errors[key]} id={id} hint={hint}>
      {long ? (
        <Textarea className='textarea textarea--short' value={form[key]} maxlength={key === 'description' ? ELECTION_LIMITS.descriptionMax : ELECTION_LIMITS.conditionsMax} autoHeight placeholder={placeholder} onInput={(e) => patch({ [key]: e.detail.value })} />
      ) : (
        <Input className='input' value={form[key]} maxlength={ELECTION_LIMITS.titleMax} placeholder={placeholder} onInput={(e) => patch({ [key]: e.detail.value })} />
      )}
    </Field>
  )
  const small = (key: keyof ElectionForm, id: string) => (
    <View id={id} className='election-fraction__part'>
      <Input className='input' type='number' maxlength={3} value={String(form[key])} onInput={(e) => patch({ [key]: e.detail.value })} />
    </View>
  )

  return (
    <View id='election-form'>
      <View className='hero'>
        <View className='hero__title'>{existing ? '编辑选举' : '新建选举'}</View>
        <View className='hero__sub'>{existing ? `${existing.title} · ${existing.phaseLabel}` : '保存后为草稿，居民看不到；开启「公布条件」阶段后才公布'}</View>
      </View>
      <FormFailure failure={failure} idPrefix='el' subject='这次选举' onReload={onReload} />

      <View className='card'>
        {text('title', 'el-title', '选举名称', false, '例如：第十二届居民委员会换届选举')}
        {text('description', 'el-description', '选举说明（可不填）', true, '选举的目的、安排等')}
        {text('conditionsText', 'el-conditions', '选民条件', true, '例如：年满十八周岁、户籍或居住在本社区的居民', '居民在公告里看到的登记条件')}
        <Field label='选举日' error={errors.electionDay} id='el-day'>
          <Picker mode='date' value={form.electionDay} onChange={(e) => patch({ electionDay: String(e.detail.value) })}>
            <View className='input picker-value'>{form.electionDay || '请选择日期'}</View>
          </Picker>
        </Field>
        <Field label='选民年龄下限（周岁）' error={errors.minAge} id='el-min-age' hint='按选举日计算，一般为18周岁'>
          <Input className='input' type='number' maxlength={3} value={form.minAge} onInput={(e) => patch({ minAge: e.detail.value })} />
        </Field>
      </View>

      <View className='card' id='el-contests'>
        <View className='card__title'>选举职位</View>
        {errors.contests ? <View className='field__error' role='alert'>{errors.contests}</View> : null}
        {form.contests.map((c, i) => (
          <View key={c.key} className='election-contest' id={`el-contest-${i}`}>
            <Field label={`职位${i + 1}名称`} error={errors[`contests.${i}.name`]} id={`el-contest-name-${i}`}>
              <Input className='input' value={c.name} maxlength={32} placeholder='例如：主任、委员' onInput={(e) => patchContest(i, { name: e.detail.value })} />
            </Field>
            <Field label='应选人数' error={errors[`contests.${i}.seats`]} id={`el-contest-seats-${i}`}>
              <Input className='input' type='number' maxlength={2} value={c.seats} onInput={(e) => patchContest(i, { seats: e.detail.value })} />
            </Field>
            {form.contests.length > 1 ? (
              <ActionButton kind='secondary' id={`el-contest-remove-${i}`} onClick={() => patch({ contests: form.contests.filter((_, j) => j !== i) })}>
                删除这个职位
              </ActionButton>
            ) : null}
          </View>
        ))}
        {form.contests.length < 10 ? (
          <ActionButton kind='secondary' block id='el-add-contest' onClick={() => patch({ contests: [...form.contests, newContest()] })}>
            增加一个职位
          </ActionButton>
        ) : null}
      </View>

      <View className='card'>
        <View className='card__title'>选举规则</View>
        <Field label='参加投票的选民须超过（分数）' error={errors['rules.turnout']} id='el-turnout'>
          <View className='election-fraction'>{small('turnoutNum', 'el-turnout-num')}<View>/</View>{small('turnoutDen', 'el-turnout-den')}</View>
        </Field>
        <Field label='候选人当选须获得参加投票选民的（分数）' error={errors['rules.elect']} id='el-elect'>
          <View className='election-fraction'>{small('electNum', 'el-elect-num')}<View>/</View>{small('electDen', 'el-elect-den')}</View>
        </Field>
        <View className='banner banner--info' id='el-rules-preview'>
          选民{fractionText(form.turnoutNum, form.turnoutDen)}参加投票选举有效，候选人获得参加投票的选民{fractionText(form.electNum, form.electDen)}的选票始得当选。
        </View>
        <SwitchRow id='el-preliminary' title='进行初步选举' hint='报名人数较多时，先初步选举确定正式候选人'
          checked={form.hasPreliminary} onChange={(hasPreliminary) => patch({ hasPreliminary })} />
        {form.hasPreliminary ? (
          <Field label='差额人数' error={errors.advanceExtra} id='el-advance-extra' hint='正式候选人比应选人数多几人'>
            <Input className='input' type='number' maxlength={2} value={form.advanceExtra} onInput={(e) => patch({ advanceExtra: e.detail.value })} />
          </Field>
        ) : null}
      </View>

      {existing ? (
        <ScheduleEditor phases={existing.phases} schedule={form.schedule} errors={errors} onChange={(schedule) => patch({ schedule })} />
      ) : (
        <View className='muted election-note'>各阶段的起止时间可在保存草稿后再设置，也可以不设置、由工作人员按进度开启。</View>
      )}

      <ActionButton block id='el-save' disabled={saving} onClick={() => void submit()}>
        {saving ? '保存中…' : existing ? '保存修改' : '保存草稿'}
      </ActionButton>
    </View>
  )
}
