import { Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState, type ReactNode } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import PhotoPicker, { type PickedPhoto } from '../../../components/PhotoPicker'
import { asApiError } from '../../../hooks/useResource'
import {
  closeReport, rateReport, reopenReport, secondReport, supplementReport, type ReportDetailDto,
} from '../../../services/reports'
import type { ApiError } from '../../../services/request'
import { formatDateTime } from '../../../utils/time'
import Chip from '../../../components/Chip'

type Props = { report: ReportDetailDto; onChanged: (r: ReportDetailDto) => void }

/** Runs one action: busy flag, the API's error (with its field), the new report on success. */
function useAction(onChanged: (r: ReportDetailDto) => void) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError>()
  const run = async (call: () => Promise<ReportDetailDto>, done: string) => {
    if (busy) return
    setBusy(true)
    setError(undefined)
    try {
      onChanged(await call())
      void Taro.showToast({ title: done, icon: 'success' })
    } catch (e) {
      setError(asApiError(e))
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, run }
}

/**
 * What the resident can do with the report, exactly as the API's `policies` say: answer an
 * information request, rate, reopen (within `reopenUntil`), close, or 附议.
 */
export default function ResidentActions({ report, onChanged }: Props) {
  const p = report.policies
  if (!p.supplement && !p.rate && !p.reopen && !p.close && !p.second) return null
  return (
    <View id='report-actions'>
      {p.supplement ? <SupplementForm report={report} onChanged={onChanged} /> : null}
      {p.rate ? <RateForm report={report} onChanged={onChanged} /> : null}
      {p.reopen ? <ReopenForm report={report} onChanged={onChanged} /> : null}
      {p.second || p.close ? <SmallActions report={report} onChanged={onChanged} /> : null}
    </View>
  )
}

function ActionCard({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <View className='card' id={id}>
      <View className='card__title'>{title}</View>
      {children}
    </View>
  )
}

function TextBox({ value, onInput, placeholder, max }: { value: string; onInput: (v: string) => void; placeholder: string; max: number }) {
  return <Textarea className='report-textarea' value={value} maxlength={max} autoHeight placeholder={placeholder} onInput={(e) => onInput(e.detail.value)} />
}

function Failure({ error }: { error?: ApiError }) {
  return error && !error.fields?.length ? <View className='banner banner--error' role='alert'>{error.message}</View> : null
}

function SupplementForm({ report, onChanged }: Props) {
  const [text, setText] = useState('')
  const [photos, setPhotos] = useState<PickedPhoto[]>([])
  const [uploading, setUploading] = useState(false)
  const action = useAction(onChanged)
  const asked = [...report.timeline].reverse().find((e) => e.kind === 'info_requested')
  return (
    <ActionCard id='supplement-form' title='网格员请您补充信息'>
      {asked?.text ? <View className='banner banner--info' id='info-question'>{asked.text}</View> : null}
      <Field label='补充内容' error={action.error?.fieldMessage('text')} id='field-supplement'>
        <TextBox value={text} onInput={setText} placeholder='请回答上面的问题' max={1000} />
      </Field>
      <Field label='照片（选填）' error={action.error?.fieldMessage('photos')}>
        <PhotoPicker id='supplement-photos' photos={photos} onChange={setPhotos} onBusyChange={setUploading} />
      </Field>
      <Failure error={action.error} />
      <ActionButton
        block
        id='submit-supplement'
        disabled={action.busy || uploading || text.trim().length === 0}
        onClick={() => void action.run(() => supplementReport(report.id, { text: text.trim(), photos: photos.length ? photos.map((x) => x.id) : undefined }), '已补充')}
      >
        {action.busy ? '提交中…' : '提交补充'}
      </ActionButton>
    </ActionCard>
  )
}

function RateForm({ report, onChanged }: Props) {
  const [satisfied, setSatisfied] = useState<boolean>()
  const [comment, setComment] = useState('')
  const action = useAction(onChanged)
  const send = () => rateReport(report.id, { satisfied: satisfied!, comment: comment.trim() || undefined })
  return (
    <ActionCard id='rate-form' title='评价办理结果'>
      <View className='chips' role='radiogroup'>
        <Chip id='rate-satisfied' active={satisfied === true} onTap={() => setSatisfied(true)}>满意</Chip>
        <Chip id='rate-unsatisfied' active={satisfied === false} onTap={() => setSatisfied(false)}>不满意</Chip>
      </View>
      <Field label='评价（选填）' error={action.error?.fieldMessage('comment')} id='field-rating-comment'>
        <TextBox value={comment} onInput={setComment} placeholder={satisfied === false ? '哪里不满意？您的意见会转给社区' : '说说办理得怎么样'} max={500} />
      </Field>
      <Failure error={action.error} />
      <ActionButton block id='submit-rating' disabled={action.busy || satisfied === undefined} onClick={() => void action.run(send, '感谢评价')}>
        {action.busy ? '提交中…' : '提交评价'}
      </ActionButton>
    </ActionCard>
  )
}

function ReopenForm({ report, onChanged }: Props) {
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const action = useAction(onChanged)
  const until = report.reopenUntil ? `可在 ${formatDateTime(report.reopenUntil)} 前申请。` : ''
  if (!open) {
    return (
      <View className='card' id='reopen-entry'>
        <View className='muted'>问题没有解决？{until}</View>
        <ActionButton kind='secondary' block className='report-action' id='open-reopen' onClick={() => setOpen(true)}>
          申请重新办理
        </ActionButton>
      </View>
    )
  }
  return (
    <ActionCard id='reopen-form' title='申请重新办理'>
      <View className='muted'>{until}</View>
      <Field label='原因' error={action.error?.fieldMessage('reason')} id='field-reopen-reason'>
        <TextBox value={reason} onInput={setReason} placeholder='请说明问题还存在的情况（至少2个字）' max={500} />
      </Field>
      <Failure error={action.error} />
      <View className='actions'>
        <ActionButton kind='secondary' grow onClick={() => setOpen(false)}>取消</ActionButton>
        <ActionButton
          grow
          id='submit-reopen'
          disabled={action.busy || reason.trim().length < 2}
          onClick={() => void action.run(() => reopenReport(report.id, { reason: reason.trim() }), '已重新提交')}
        >
          {action.busy ? '提交中…' : '提交'}
        </ActionButton>
      </View>
    </ActionCard>
  )
}

function SmallActions({ report, onChanged }: Props) {
  const action = useAction(onChanged)
  const close = async () => {
    const { confirm } = await Taro.showModal({
      title: '关闭诉求',
      content: report.resolvedAt ? '确定关闭这条诉求吗？关闭后不能再申请重新办理。' : '确定撤回并关闭这条诉求吗？',
      confirmText: '关闭',
      cancelText: '取消',
    })
    if (confirm) await action.run(() => closeReport(report.id), '已关闭')
  }
  return (
    <View className='card' id='small-actions'>
      <Failure error={action.error} />
      {report.policies.second ? (
        <ActionButton block id='second-report' disabled={action.busy} onClick={() => void action.run(() => secondReport(report.id), '已附议')}>
          附议（我也遇到了）
        </ActionButton>
      ) : null}
      {report.policies.close ? (
        <ActionButton kind='danger' block className='report-action' id='close-report' disabled={action.busy} onClick={() => void close()}>
          关闭诉求
        </ActionButton>
      ) : null}
    </View>
  )
}
