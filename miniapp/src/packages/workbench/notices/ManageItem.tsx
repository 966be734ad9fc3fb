import { Input, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import { NoticeBadges } from '../../../components/NoticeItem'
import { publishNotice, withdrawNotice } from '../../../services/notices'
import type { NoticeManageDto } from '../../../services/types'
import { NOTICE_COMPOSE_PAGE, NOTICE_DETAIL_PAGE, NOTICE_READS_PAGE, withQuery } from '../../../utils/routes'
import { formatDateTime } from '../../../utils/time'
import { useReasonedAction } from '../useReasonedAction'

/** Reasons shorter than this are refused by the API too. */
const REASON_MIN = 2

/**
 * One notice in 公告管理: state, target, time, and the actions its `policies` allow (编辑, 发布,
 * 撤回 with a reason and a confirmation, 阅读统计). `onChanged` receives the updated notice.
 */
export default function ManageItem({ notice, onChanged }: { notice: NoticeManageDto; onChanged: (n: NoticeManageDto) => void }) {
  const [withdrawing, setWithdrawing] = useState(false)
  const { reason, setReason, reasonError, busy, error, reasonText, run } = useReasonedAction(REASON_MIN, '请填写撤回原因（至少2个字）')
  const { policies } = notice

  const act = async (action: () => Promise<NoticeManageDto>) => {
    if (!(await run(async () => onChanged(await action())))) return
    setWithdrawing(false)
    setReason('')
  }

  const publish = async () => {
    const { confirm } = await Taro.showModal({ title: '立即发布', content: `确定立即发布「${notice.title}」吗？发布后居民即可看到。`, confirmText: '发布', cancelText: '取消' })
    if (confirm) await act(() => publishNotice(notice.id))
  }

  const withdraw = async () => {
    const text = reasonText()
    if (!text) return
    const { confirm } = await Taro.showModal({
      title: '撤回公告',
      content: `撤回后居民将看不到「${notice.title}」，且不能恢复。确定撤回吗？`,
      confirmText: '撤回',
      cancelText: '取消',
      confirmColor: '#b42318',
    })
    if (confirm) await act(() => withdrawNotice(notice.id, text))
  }

  const go = (page: string) => Taro.navigateTo({ url: withQuery(page, { id: notice.id }) })
  const when =
    notice.state === 'draft' ? '尚未发布' : notice.state === 'scheduled' ? `定时 ${formatDateTime(notice.publishedAt)}` : formatDateTime(notice.publishedAt)

  return (
    <View className='card manage-item' id={`manage-${notice.id}`}>
      <View className='item__head'>
        <NoticeBadges notice={notice} />
        <View className={`tag tag--state-${notice.state}`}>{notice.stateLabel}</View>
      </View>
      <View className='notice-item__title' onClick={() => go(NOTICE_DETAIL_PAGE)}>{notice.title}</View>
      <View className='item__meta'>
        {notice.community.name} · {notice.targetLabel} · {when}
      </View>
      {error ? <View className='banner banner--error' role='alert'>{error}</View> : null}
      {withdrawing ? (
        <View className={`field${reasonError ? ' field--invalid' : ''}`} id={`withdraw-reason-${notice.id}`}>
          <View className='field__label'>撤回原因</View>
          <Input className='input' value={reason} maxlength={200} placeholder='原因会记入公告的管理记录（至少2个字）' onInput={(e) => setReason(e.detail.value)} />
          {reasonError ? <View className='field__error' role='alert'>{reasonError}</View> : null}
        </View>
      ) : null}
      <View className='actions'>
        {withdrawing ? (
          <>
            <ActionButton kind='secondary' grow disabled={busy} onClick={() => setWithdrawing(false)}>
              取消
            </ActionButton>
            <ActionButton kind='danger' grow disabled={busy} onClick={() => void withdraw()}>
              确认撤回
            </ActionButton>
          </>
        ) : (
          <>
            <ActionButton kind='secondary' grow onClick={() => go(NOTICE_DETAIL_PAGE)}>
              查看
            </ActionButton>
            {policies.edit ? (
              <ActionButton kind='secondary' grow onClick={() => go(NOTICE_COMPOSE_PAGE)}>
                编辑
              </ActionButton>
            ) : null}
            {policies.publish ? (
              <ActionButton grow disabled={busy} onClick={() => void publish()}>
                发布
              </ActionButton>
            ) : null}
            {policies.viewReads ? (
              <ActionButton grow className='open-reads' onClick={() => Taro.navigateTo({ url: withQuery(NOTICE_READS_PAGE, { id: notice.id, title: notice.title }) })}>
                阅读统计
              </ActionButton>
            ) : null}
            {policies.withdraw ? (
              <ActionButton kind='danger' grow disabled={busy} onClick={() => setWithdrawing(true)}>
                撤回
              </ActionButton>
            ) : null}
          </>
        )}
      </View>
    </View>
  )
}
