import { Textarea, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import ActionButton from '../../../../components/ActionButton'
import Field from '../../../../components/Field'
import InfoRow from '../../../../components/InfoRow'
import PageShell from '../../../../components/PageShell'
import Skeleton from '../../../../components/Skeleton'
import { ErrorState } from '../../../../components/StateView'
import { asApiError, useResource } from '../../../../hooks/useResource'
import { formatYuan, getDisclosure, periodLabel, withdrawDisclosure, type DisclosureDetailDto } from '../../../../services/disclosures'
import { DISCLOSURE_LIMITS as L } from '../../../../utils/limits'
import { DISCLOSURE_DETAIL_PAGE, DISCLOSURE_EDIT_PAGE, DISCLOSURE_ITEM_PAGE, withQuery } from '../../../../utils/routes'
import { formatDateTime } from '../../../../utils/time'
import QuestionsAdmin from './QuestionsAdmin'
import '../../workbench.css'

/** One 三务公开 item for the committee: 更正 (a new version), 撤回 (with a reason, confirmed), and its questions. */
export default function DisclosureItemPage() {
  const { params } = useRouter()
  const id = Number(params.id)
  const item = useResource(() => getDisclosure(id))
  // Coming back from 更正 shows the item as it now stands.
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void item.reload()
    shown.current = true
  })
  usePullDownRefresh(() => void item.reload().finally(() => Taro.stopPullDownRefresh()))
  return (
    <PageShell>
      {item.error ? <ErrorState error={item.error} onRetry={() => void item.reload()} /> : null}
      {!item.error && !item.data ? <Skeleton kind='detail' /> : null}
      {item.data ? <Manage key={item.data.id} initial={item.data} /> : null}
    </PageShell>
  )
}

function Manage({ initial }: { initial: DisclosureDetailDto }) {
  const [d, setD] = useState(initial)
  useEffect(() => setD(initial), [initial])
  return (
    <View id='disclosure-manage'>
      <View className='card'>
        <View className='item__head'>
          <View className='tag'>{d.categoryLabel}</View>
          <View className={`tag${d.status === 'published' ? ' tag--approved' : ' tag--withdrawn'}`} id='disclosure-status'>{d.statusLabel}</View>
        </View>
        <View className='card__title'>{d.title}</View>
        <InfoRow label='期间'>{periodLabel(d.period)}</InfoRow>
        <InfoRow label='版本'>第 {d.versionNo} 版 · {formatDateTime(d.publishedAt)}</InfoRow>
        {d.lines.length ? <InfoRow label='收入 / 支出'>{formatYuan(d.incomeFen)} / {formatYuan(d.expenseFen)}</InfoRow> : null}
        {d.status === 'withdrawn' ? <View className='banner banner--error' id='withdrawn-banner'>已撤回：{d.withdrawnReason}</View> : null}
        {d.supersededBy ? (
          <View className='banner banner--info'>
            已更正，现行为第 {d.supersededBy.versionNo} 版。
            <View className='link' id='open-latest' onClick={() => void Taro.redirectTo({ url: withQuery(DISCLOSURE_ITEM_PAGE, { id: d.supersededBy!.id }) })}>管理最新版本 ›</View>
          </View>
        ) : null}
        <View className='actions'>
          <ActionButton kind='secondary' grow id='open-public-view' onClick={() => void Taro.navigateTo({ url: withQuery(DISCLOSURE_DETAIL_PAGE, { id: d.id }) })}>
            查看居民页面
          </ActionButton>
          {d.allowedActions.correct ? (
            <ActionButton grow id='correct-disclosure' onClick={() => void Taro.navigateTo({ url: withQuery(DISCLOSURE_EDIT_PAGE, { id: d.id }) })}>
              更正
            </ActionButton>
          ) : null}
        </View>
      </View>
      {d.allowedActions.withdraw ? <Withdraw d={d} onDone={setD} /> : null}
      <QuestionsAdmin itemId={d.id} questions={d.questions} />
    </View>
  )
}

/** 撤回: a reason residents will see, a confirmation, then the item as the API returns it. */
function Withdraw({ d, onDone }: { d: DisclosureDetailDto; onDone: (d: DisclosureDetailDto) => void }) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const submit = async () => {
    if (busy) return
    if (reason.trim().length < 2) return setError('请写明撤回原因（至少2个字）')
    setError(undefined)
    const { confirm } = await Taro.showModal({
      title: '撤回公开事项', content: `撤回「${d.title}」后不能恢复。居民仍能看到内容和撤回原因，收支不再计入合计。`, confirmText: '撤回', cancelText: '取消',
    })
    if (!confirm) return
    setBusy(true)
    try {
      onDone(await withdrawDisclosure(d.id, { reason: reason.trim() }))
      Taro.showToast({ title: '已撤回', icon: 'success' })
    } catch (e) {
      const err = asApiError(e)
      setError(err.fieldMessage('reason') ?? err.message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='card' id='withdraw-card'>
      <View className='card__title'>撤回</View>
      <View className='muted'>内容有误请优先「更正」；撤回用于不应再公开的事项。</View>
      <Field label='撤回原因（居民可见）' error={error} id='field-withdraw-reason'>
        <Textarea id='withdraw-reason' className='textarea textarea--short' value={reason} maxlength={L.reasonMax} placeholder='例如：数据有误，将重新公开' onInput={(e) => setReason(e.detail.value)} />
      </Field>
      <ActionButton kind='danger' block id='withdraw-submit' disabled={busy} onClick={() => void submit()}>
        {busy ? '提交中…' : '撤回'}
      </ActionButton>
    </View>
  )
}
