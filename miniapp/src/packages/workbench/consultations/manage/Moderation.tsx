import { Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../../components/ActionButton'
import Field from '../../../../components/Field'
import ListFooter from '../../../../components/ListFooter'
import { Empty, ListState } from '../../../../components/StateView'
import { useCursorList } from '../../../../hooks/useCursorList'
import { asApiError } from '../../../../hooks/useResource'
import {
  createOpinion, hideOpinion, listOpinions, publishOpinion, type OpinionDto, type OpinionReplyDto, type TopicDetailDto,
} from '../../../../services/consultations'
import { formatShortTime } from '../../../../utils/time'
import { pressable } from '../../../../utils/keyboard'

type AnyOpinion = OpinionDto | OpinionReplyDto
const PAGE_SIZE = 20

/** 意见管理: every opinion (held and hidden ones too), publish held ones, hide with a reason, and the official reply. */
export default function Moderation({ topic }: { topic: TopicDetailDto }) {
  const list = useCursorList((cursor) => listOpinions(topic.id, { limit: PAGE_SIZE, cursor }), [topic.id])
  const [replyTo, setReplyTo] = useState<number | null>()
  // Replaces a changed opinion (top level or reply) in place.
  const replace = (o: AnyOpinion) =>
    list.update((items) => items.map((x) => (x.id === o.id ? { ...x, ...o } : { ...x, replies: x.replies.map((r) => (r.id === o.id ? { ...r, ...o } : r)) })))
  const replied = (parentId: number | null, o: OpinionDto) =>
    list.update((items) => (parentId ? items.map((x) => (x.id === parentId ? { ...x, replies: [...x.replies, o] } : x)) : [o, ...items]))

  return (
    <View className='card' id='wb-opinions'>
      <View className='card__title'>居民意见（{topic.opinionCount}）</View>
      {topic.allowedActions.opine ? (
        replyTo === null ? (
          <OfficialReply topicId={topic.id} parentId={null} onDone={(o) => { if (o) replied(null, o); setReplyTo(undefined) }} />
        ) : (
          <ActionButton block kind='secondary' id='wb-statement' onClick={() => setReplyTo(null)}>发布官方说明</ActionButton>
        )
      ) : null}
      <ListState list={list} empty={<Empty title='还没有意见' />} />
      {list.items.map((o) => (
        <View key={o.id} className='wb-opinion' id={`wb-opinion-${o.id}`}>
          <OpinionRow topicId={topic.id} opinion={o} onChanged={replace} />
          {o.replies.map((r) => (
            <View key={r.id} className='wb-opinion wb-opinion--reply' id={`wb-opinion-${r.id}`}>
              <OpinionRow topicId={topic.id} opinion={r} onChanged={replace} />
            </View>
          ))}
          {o.allowedActions.reply ? (
            replyTo === o.id ? (
              <OfficialReply topicId={topic.id} parentId={o.id} onDone={(r) => { if (r) replied(o.id, r); setReplyTo(undefined) }} />
            ) : (
              <View className='link' role='button' id={`wb-opinion-${o.id}-reply`} {...pressable(() => setReplyTo(o.id))}>官方回复</View>
            )
          ) : null}
        </View>
      ))}
      {list.loaded && list.items.length > 0 ? (
        <ListFooter error={list.error} nextCursor={list.nextCursor} loadingMore={list.loadingMore || list.loading} onMore={() => void list.loadMore()} />
      ) : null}
    </View>
  )
}

function OpinionRow({ topicId, opinion: o, onChanged }: { topicId: number; opinion: AnyOpinion; onChanged: (o: AnyOpinion) => void }) {
  const [hiding, setHiding] = useState(false)
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string>()
  const [busy, setBusy] = useState(false)

  const act = async (title: string, content: string, call: () => Promise<OpinionDto>) => {
    const { confirm } = await Taro.showModal({ title, content, confirmText: '确定', cancelText: '取消' })
    if (!confirm) return
    setBusy(true)
    try {
      onChanged(await call())
      setHiding(false)
      setReason('')
    } catch (e) {
      const err = asApiError(e)
      const field = err.fields?.find((f) => f.field === 'reason')
      if (field) setReasonError(field.message)
      else void Taro.showToast({ title: err.message, icon: 'none' })
    } finally {
      setBusy(false)
    }
  }
  const hide = () => {
    if (reason.trim().length < 2) return setReasonError('请写明隐藏原因（至少2个字），作者会看到')
    setReasonError(undefined)
    void act('隐藏这条意见？', '其他居民将看不到它，作者会看到原因。', () => hideOpinion(topicId, o.id, reason.trim()))
  }

  return (
    <View>
      <View className='item__head'>
        <View className='item__title'>{o.official ? `${o.author}（官方回复）` : o.author}{o.stanceLabel ? ` · ${o.stanceLabel}` : ''}</View>
        <View className={`tag tag--${o.status === 'published' ? 'approved' : o.status === 'held' ? 'pending' : 'withdrawn'}`} id={`wb-opinion-${o.id}-status`}>{o.statusLabel}</View>
      </View>
      <View className='item__meta'>{formatShortTime(o.createdAt)}{o.hiddenReason ? ` · 隐藏原因：${o.hiddenReason}` : ''}</View>
      <View className='wb-opinion__body'>{o.body}</View>
      <View className='actions'>
        {o.allowedActions.publish ? (
          <ActionButton grow id={`wb-opinion-${o.id}-publish`} disabled={busy} onClick={() => void act('发布这条意见？', '发布后所有居民都能看到。', () => publishOpinion(topicId, o.id))}>发布</ActionButton>
        ) : null}
        {o.allowedActions.hide ? (
          <ActionButton grow kind='danger' id={`wb-opinion-${o.id}-hide`} disabled={busy} onClick={() => (hiding ? hide() : setHiding(true))}>{hiding ? '确认隐藏' : '隐藏'}</ActionButton>
        ) : null}
      </View>
      {hiding ? (
        <Field label='隐藏原因' error={reasonError} hint='作者会看到这个原因' id={`wb-opinion-${o.id}-reason-field`}>
          <Textarea id={`wb-opinion-${o.id}-reason`} className='textarea textarea--short' value={reason} maxlength={200} autoHeight placeholder='例如：含有他人电话号码' onInput={(e) => setReason(e.detail.value)} />
        </Field>
      ) : null}
    </View>
  )
}

/** The official reply (to an opinion) or statement (`parentId` null), published under the staff member's name. */
function OfficialReply({ topicId, parentId, onDone }: { topicId: number; parentId: number | null; onDone: (o: OpinionDto | null) => void }) {
  const [body, setBody] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const id = parentId ? `wb-reply-${parentId}` : 'wb-statement'
  const send = async () => {
    if (!body.trim()) return setError('请填写回复内容')
    setBusy(true)
    setError(undefined)
    try {
      onDone(await createOpinion(topicId, { body: body.trim(), ...(parentId ? { parentId } : {}) }))
    } catch (e) {
      setError(asApiError(e).fields?.find((f) => f.field === 'body')?.message ?? asApiError(e).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View id={`${id}-form`}>
      <Field label={parentId ? '官方回复' : '官方说明'} error={error} id={`${id}-field`}>
        <Textarea id={`${id}-body`} className='textarea textarea--short' value={body} maxlength={1000} autoHeight placeholder='以居委会名义发布，居民都能看到' onInput={(e) => setBody(e.detail.value)} />
      </Field>
      <View className='actions'>
        <ActionButton grow kind='secondary' id={`${id}-cancel`} onClick={() => onDone(null)}>取消</ActionButton>
        <ActionButton grow id={`${id}-submit`} disabled={busy} onClick={() => void send()}>{busy ? '发送中…' : '发布'}</ActionButton>
      </View>
    </View>
  )
}
