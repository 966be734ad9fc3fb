import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { asApiError } from '../../../hooks/useResource'
import {
  createOpinion, deleteOpinion, likeOpinion, updateOpinion, type OpinionDto, type OpinionReplyDto,
} from '../../../services/consultations'
import { formatShortTime } from '../../../utils/time'
import OpinionForm from './OpinionForm'
import { pressable } from '../../../utils/keyboard'

type AnyOpinion = OpinionDto | OpinionReplyDto

const NO_ACTIONS = { edit: false, delete: false, like: false, reply: false, hide: false, publish: false }

/** What the API lists in place of a deleted opinion that still has replies (the DELETE answers no body, so it is built here): neither its author nor its text. */
const deletedPlaceholder = (o: OpinionDto): OpinionDto => ({
  ...o, author: null, mine: false, official: false, stance: null, stanceLabel: null, body: '该意见已删除', status: 'deleted', statusLabel: '已删除',
  hiddenReason: null, likeCount: 0, liked: false, edited: false, allowedActions: NO_ACTIONS,
})

/**
 * One opinion with its replies (one level): stance, text, 待审核 / 已被管理员隐藏 for its author,
 * like, reply, and the author's own edit and delete (with a confirmation). One the reader may not
 * see but whose replies they do comes from the API without an author: only its text (「该意见已删除」,
 * 「该意见已被隐藏」 or 「该意见正在审核」) above the replies, no buttons. `onChange` hands the
 * changed opinion back (null: deleted; deleted with replies: 「该意见已删除」 above them).
 */
export default function OpinionItem({ topicId, opinion, onChange }: { topicId: number; opinion: OpinionDto; onChange: (o: OpinionDto | null) => void }) {
  const [replying, setReplying] = useState(false)
  const change = (o: AnyOpinion | null) => {
    if (o === null) return onChange(opinion.replies.length ? deletedPlaceholder(opinion) : null)
    onChange(o.id === opinion.id ? { ...opinion, ...o } : { ...opinion, replies: opinion.replies.map((r) => (r.id === o.id ? { ...r, ...o } : r)) })
  }
  const removeReply = (id: number) => onChange({ ...opinion, replies: opinion.replies.filter((r) => r.id !== id) })

  return (
    <View className='opinion' id={`opinion-${opinion.id}`}>
      <OpinionBody topicId={topicId} opinion={opinion} onChange={change} onReply={opinion.allowedActions.reply ? () => setReplying(!replying) : undefined} />
      {opinion.replies.map((r) => (
        <View className='opinion opinion--reply' id={`opinion-${r.id}`} key={r.id}>
          <OpinionBody topicId={topicId} opinion={r} onChange={(o) => (o ? change(o) : removeReply(r.id))} />
        </View>
      ))}
      {replying ? (
        <View className='opinion--reply'>
          <OpinionForm idPrefix={`reply-${opinion.id}`} withStance={false} submitText='回复' placeholder={`回复 ${opinion.author}`} onCancel={() => setReplying(false)}
            onSubmit={async (d) => {
              const reply = await createOpinion(topicId, { body: d.body, parentId: opinion.id })
              onChange({ ...opinion, replies: [...opinion.replies, reply] })
              setReplying(false)
            }} />
        </View>
      ) : null}
    </View>
  )
}

function OpinionBody({ topicId, opinion: o, onChange, onReply }: { topicId: number; opinion: AnyOpinion; onChange: (o: AnyOpinion | null) => void; onReply?: () => void }) {
  const [editing, setEditing] = useState(false)
  const [busy, setBusy] = useState(false)

  const toggleLike = async () => {
    if (busy) return
    setBusy(true)
    try {
      const r = await likeOpinion(topicId, o.id, !o.liked)
      onChange({ ...o, liked: r.liked, likeCount: r.likeCount })
    } catch (e) {
      void Taro.showToast({ title: asApiError(e).message, icon: 'none' })
    } finally {
      setBusy(false)
    }
  }

  const remove = async () => {
    const { confirm } = await Taro.showModal({ title: '删除这条意见？', content: '删除后其他居民将看不到它。', confirmText: '删除', cancelText: '取消' })
    if (!confirm) return
    try {
      await deleteOpinion(topicId, o.id)
      onChange(null)
      void Taro.showToast({ title: '已删除', icon: 'none' })
    } catch (e) {
      void Taro.showToast({ title: asApiError(e).message, icon: 'none' })
    }
  }

  // The API's placeholder for an opinion this reader may not see (deleted, hidden, held) above its replies: its text says which.
  if (o.author === null) return <View className='opinion__deleted muted' id={`opinion-${o.id}-placeholder`}>{o.body}</View>

  if (editing) {
    return (
      <OpinionForm idPrefix={`edit-${o.id}`} withStance={o.parentId === null} initial={{ body: o.body, stance: o.stance }} submitText='保存修改' placeholder='修改您的意见'
        onCancel={() => setEditing(false)}
        onSubmit={async (d) => {
          const saved = await updateOpinion(topicId, o.id, { body: d.body, stance: o.parentId === null ? d.stance : undefined, version: o.version })
          onChange(saved)
          setEditing(false)
        }} />
    )
  }

  return (
    <View>
      <View className='opinion__head'>
        <View className='opinion__author'>{o.official ? `${o.author}（官方回复）` : o.author}</View>
        {o.stance ? <View className={`stance stance--${o.stance}`}>{o.stanceLabel}</View> : null}
        <View className='muted'>{formatShortTime(o.createdAt)}{o.edited ? ' · 已修改' : ''}</View>
      </View>
      {o.status === 'held' ? <View className='opinion__notice' id={`opinion-${o.id}-held`}>{o.statusLabel}：内容审核通过后其他居民才能看到</View> : null}
      {o.status === 'hidden' ? <View className='opinion__notice' id={`opinion-${o.id}-hidden`}>已被管理员隐藏：{o.hiddenReason ?? ''}</View> : null}
      <View className='opinion__body'>{o.body}</View>
      <View className='opinion__actions'>
        {o.allowedActions.like ? (
          <View className='opinion__action' role='button' id={`opinion-${o.id}-like`} aria-pressed={o.liked} {...pressable(() => void toggleLike())}>
            {o.liked ? '已赞' : '点赞'} {o.likeCount}
          </View>
        ) : o.likeCount > 0 ? <View className='muted'>赞 {o.likeCount}</View> : null}
        {onReply ? <View className='opinion__action' role='button' id={`opinion-${o.id}-reply`} {...pressable(onReply)}>回复</View> : null}
        {o.allowedActions.edit ? <View className='opinion__action' role='button' id={`opinion-${o.id}-edit`} {...pressable(() => setEditing(true))}>修改</View> : null}
        {o.allowedActions.delete ? <View className='opinion__action' role='button' id={`opinion-${o.id}-delete`} {...pressable(() => void remove())}>删除</View> : null}
      </View>
    </View>
  )
}
