import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { asApiError } from '../../hooks/useResource'
import { askAndReport, listSubscriptions, pickTemplateIds, subscribeSupported } from '../../services/subscriptions'
import ActionButton from '../ActionButton'

const PROMPTED_KEY = 'llt.subscribePrompted'

const TOPICS = {
  notice: { name: '公告', hint: '社区发布重要公告时，通过微信服务通知提醒您。每次订阅可收到一次提醒。' },
  report: { name: '诉求进度', hint: '诉求有受理、回复、办结等进展时，通过微信服务通知提醒您。每次订阅可收到一次提醒。' },
  booking: { name: '预约', hint: '预约成功、办理前一天晚上和开始前1小时，通过微信服务通知提醒您。每次订阅可收到一次提醒。' },
  consultation: { name: '议事协商', hint: '议题进入讨论、表决、议定等阶段，落实有进展，需要您评价，或您的意见被隐藏时，通过微信服务通知提醒您。每次订阅可收到一次提醒。' },
  election: { name: '选举', hint: '选举进入选民登记、投票、公布结果等阶段，或与您本人有关的事项有结果（如资格审查、投票成功）时，通过微信服务通知提醒您。每次订阅可收到一次提醒。' },
  disclosure: { name: '三务公开答复', hint: '您在三务公开中提的问题有答复或被隐藏时，通过微信服务通知提醒您。每次订阅可收到一次提醒。' },
} as const

/**
 * 订阅提醒: asks WeChat for permission to send subscribe messages and reports the answer — the
 * topic's templates first (公告; 诉求进度 for reports and the workbench; 预约, 议事协商, 选举 or
 * 三务公开答复 on those lists; the topic is the API's template key). Rendered only in the
 * WeChat build, and only when the API has templates configured. With `once`, it disappears for
 * good after the user answered or closed it (the 首页 invitation).
 */
export default function SubscribeCard({ once = false, compact = false, topic = 'notice' }: { once?: boolean; compact?: boolean; topic?: keyof typeof TOPICS }) {
  const { name, hint } = TOPICS[topic]
  const [tmplIds, setTmplIds] = useState<string[]>([])
  const [hidden, setHidden] = useState(() => !subscribeSupported() || (once && Boolean(Taro.getStorageSync(PROMPTED_KEY))))
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (hidden) return
    listSubscriptions()
      .then((subs) => setTmplIds(pickTemplateIds(subs, topic)))
      .catch(() => setTmplIds([]))
  }, [hidden, topic])

  if (hidden || tmplIds.length === 0) return null

  const done = () => {
    if (once) {
      Taro.setStorageSync(PROMPTED_KEY, '1')
      setHidden(true)
    }
  }

  // Straight from the tap: WeChat opens its dialog only in response to one.
  const subscribe = () => {
    setBusy(true)
    askAndReport(tmplIds)
      .then((r) => {
        Taro.showToast({ title: r.accepted > 0 ? `已订阅${name}提醒` : '未订阅，可随时再开启', icon: 'none' })
        done()
      })
      .catch((e) => Taro.showToast({ title: asApiError(e).message, icon: 'none' }))
      .finally(() => setBusy(false))
  }

  if (compact) {
    return (
      <ActionButton kind='secondary' block id={`subscribe-${topic}s`} disabled={busy} onClick={subscribe}>
        订阅{name}提醒
      </ActionButton>
    )
  }
  return (
    <View className='card subscribe-card' id='subscribe-card'>
      <View className='card__title'>订阅{name}提醒</View>
      <View className='muted'>{hint}</View>
      <View className='actions'>
        <ActionButton grow id={`subscribe-${topic}s`} disabled={busy} onClick={subscribe}>
          订阅提醒
        </ActionButton>
        {once ? (
          <ActionButton kind='secondary' grow onClick={done}>
            暂不需要
          </ActionButton>
        ) : null}
      </View>
    </View>
  )
}
