import { Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import PhotoPicker, { type PickedPhoto } from '../../../components/PhotoPicker'
import { asApiError } from '../../../hooks/useResource'
import {
  acceptReport, closeReport, reassignReport, rejectReport, replyReport, requestReportInfo, resolveReport, transferReport,
  type ReportDetailDto,
} from '../../../services/reports'
import type { ApiError } from '../../../services/request'
import { ACTION_FIELDS, confirmationOf, DONE_TEXT, handlerActions, type HandlerAction } from './actions'
import ReassignPicker from './ReassignPicker'
import TransferPicker, { type TransferTarget } from './TransferPicker'

type Draft = { text: string; photos: PickedPhoto[]; target?: TransferTarget; assigneeId?: number }
const EMPTY: Draft = { text: '', photos: [] }

/** What one action sends, from the form's draft. */
function send(action: HandlerAction, id: number, d: Draft): Promise<ReportDetailDto> {
  const text = d.text.trim()
  const photos = d.photos.map((p) => p.id)
  switch (action) {
    case 'accept': return acceptReport(id)
    case 'reply': return replyReport(id, { text, photos: photos.length ? photos : undefined })
    case 'resolve': return resolveReport(id, { text, photos })
    case 'requestInfo': return requestReportInfo(id, { question: text })
    case 'reject': return rejectReport(id, { reason: text })
    case 'close': return closeReport(id, text ? { note: text } : {})
    case 'reassign': return reassignReport(id, { assigneeId: d.assigneeId ?? 0, reason: text })
    case 'transfer': {
      const t = d.target
      return transferReport(id, t?.kind === 'grid' ? { gridId: t.id, reason: text } : { departmentId: t?.id ?? 0, reason: text })
    }
  }
}

/** The text box of each form: its label, placeholder and element id. */
const TEXT: Partial<Record<HandlerAction, { label: string; placeholder: string; field: string }>> = {
  reply: { label: '回复内容（居民可见）', placeholder: '例如：已联系物业，明天上午上门维修', field: 'text' },
  resolve: { label: '办理结果（居民可见）', placeholder: '例如：路灯已更换，恢复照明', field: 'text' },
  requestInfo: { label: '需要居民补充什么', placeholder: '例如：请补充具体楼层和单元号', field: 'question' },
  transfer: { label: '转办原因', placeholder: '例如：属于城管职责，请城管处理', field: 'reason' },
  reject: { label: '不予受理的原因和指引', placeholder: '例如：不属于社区职责，请拨打12345', field: 'reason' },
  close: { label: '备注（可不填）', placeholder: '关闭的说明', field: 'note' },
  reassign: { label: '改派原因', placeholder: '例如：原承办人休假', field: 'reason' },
}
const ID_OF: Record<HandlerAction, string> = {
  accept: 'accept', reply: 'reply', resolve: 'resolve', requestInfo: 'request-info', transfer: 'transfer', reject: 'reject',
  close: 'close', reassign: 'reassign',
}

/**
 * The handler's buttons on a report (only what `policies` allow) and the form of the chosen one:
 * 受理 in one tap; 回复 and 办结 with text and photos from the camera; 请补充; 转办 to a department
 * or grid; 不予受理, 关闭 and 改派 after a confirmation. Field errors come from the API.
 */
export default function ActionPanel({ report, onChanged, onStale }: {
  report: ReportDetailDto
  onChanged: (r: ReportDetailDto) => void
  /** The report changed under us (409): load it again. */
  onStale: () => void
}) {
  const [open, setOpen] = useState<HandlerAction>()
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const [busy, setBusy] = useState(false)
  const [uploading, setUploading] = useState(false)
  const [error, setError] = useState<ApiError>()
  const actions = handlerActions(report.policies)

  if (actions.length === 0) return null

  const choose = (action: HandlerAction) => {
    setError(undefined)
    if (action === 'accept') return void run('accept')
    setDraft(EMPTY)
    setOpen(open === action ? undefined : action)
    // Bring the form into view (it opens under the buttons, often below the fold).
    if (open !== action) setTimeout(() => void Taro.pageScrollTo({ selector: `#report-${ID_OF[action]}-form`, duration: 200 }).catch(() => undefined), 50)
  }

  const run = async (action: HandlerAction) => {
    if (busy || uploading) return
    const ask = confirmationOf(action)
    if (ask) {
      const { confirm } = await Taro.showModal({ ...ask, cancelText: '取消', confirmColor: '#b42318' })
      if (!confirm) return
    }
    setBusy(true)
    setError(undefined)
    try {
      const updated = await send(action, report.id, draft)
      setOpen(undefined)
      setDraft(EMPTY)
      onChanged(updated)
      Taro.showToast({ title: DONE_TEXT[action], icon: 'success' })
    } catch (e) {
      const err = asApiError(e)
      setError(err)
      if (err.status === 409) onStale()
    } finally {
      setBusy(false)
    }
  }

  const fieldError = (field: string) => error?.fieldMessage(field)
  const named = open ? ACTION_FIELDS[open].some((f) => fieldError(f)) : false
  const text = open ? TEXT[open] : undefined
  const slug = open ? ID_OF[open] : ''

  return (
    <View className='card' id='report-actions'>
      <View className='card__title'>办理</View>
      <View className='actions actions--wrap'>
        {actions.map((a) => (
          <ActionButton key={a.action} id={a.id} kind={open === a.action ? 'primary' : a.kind} disabled={busy} onClick={() => choose(a.action)}>
            {busy && a.oneTap ? '处理中…' : a.label}
          </ActionButton>
        ))}
      </View>
      {error && !named ? <View className='banner banner--error' role='alert' id='report-action-error'>{error.message}</View> : null}

      {open ? (
        <View className='action-form' id={`report-${slug}-form`}>
          {open === 'transfer' ? (
            <Field label='转办给' error={fieldError('departmentId') ?? fieldError('gridId')} id='report-transfer-target'>
              <TransferPicker report={report} value={draft.target} onChange={(target) => setDraft((d) => ({ ...d, target }))} />
            </Field>
          ) : null}
          {open === 'reassign' ? (
            <Field label='改派给' error={fieldError('assigneeId')} id='report-reassign-target'>
              <ReassignPicker report={report} value={draft.assigneeId} onChange={(assigneeId) => setDraft((d) => ({ ...d, assigneeId }))} />
            </Field>
          ) : null}
          {text ? (
            <Field label={text.label} error={fieldError(text.field)}>
              <Textarea
                id={`report-${slug}-text`}
                className='textarea textarea--short'
                value={draft.text}
                maxlength={1000}
                autoHeight
                placeholder={text.placeholder}
                onInput={(e) => setDraft((d) => ({ ...d, text: e.detail.value }))}
              />
            </Field>
          ) : null}
          {open === 'reply' || open === 'resolve' ? (
            <Field label={open === 'resolve' ? '办结照片（至少1张）' : '照片（可不加）'} error={fieldError('photos')}>
              <PhotoPicker
                id={`report-${slug}-photos`}
                photos={draft.photos}
                sources={['camera', 'album']}
                onBusyChange={setUploading}
                onChange={(photos) => setDraft((d) => ({ ...d, photos }))}
              />
            </Field>
          ) : null}
          <View className='actions'>
            <ActionButton kind='secondary' grow onClick={() => setOpen(undefined)}>
              取消
            </ActionButton>
            <ActionButton
              grow
              id={`report-${slug}-submit`}
              kind={open === 'reject' ? 'danger' : 'primary'}
              disabled={busy || uploading}
              onClick={() => void run(open)}
            >
              {busy ? '提交中…' : uploading ? '照片上传中…' : `确认${actions.find((a) => a.action === open)?.label ?? ''}`}
            </ActionButton>
          </View>
        </View>
      ) : null}
    </View>
  )
}
