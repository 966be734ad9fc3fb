import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import ActionButton from '../../../components/ActionButton'
import { useAction } from '../../../hooks/useAction'
import { supportTopic, type SupportDto, type TopicDetailDto } from '../../../services/consultations'
import { formatDateTime } from '../../../utils/time'

/** 征集支持: the support so far toward the community's threshold, the deadline, and 我支持 (once). */
export default function SupportCard({ topic: t, onSupported }: { topic: TopicDetailDto; onSupported: (s: SupportDto) => void }) {
  const { busy, error, run } = useAction()
  const threshold = t.supportThreshold ?? 0
  const percent = threshold ? Math.min(100, Math.round((t.supportCount / threshold) * 100)) : 0

  const support = async () => {
    const confirm = { title: '支持这个提议？', content: '每人只能支持一次，支持后不能撤回。', confirmText: '支持', cancelText: '再想想' }
    const s = await run(() => supportTopic(t.id), { confirm })
    if (!s) return
    onSupported(s)
    void Taro.showToast({ title: '感谢您的支持', icon: 'none' })
  }

  return (
    <View className='card' id='support-card'>
      <View className='card__title'>征集支持</View>
      <View id='support-count'>已有 {t.supportCount} 人支持{threshold ? `，达到 ${threshold} 人即开放讨论` : ''}</View>
      {threshold ? (
        <View className='support-bar' aria-hidden>
          <View className='support-bar__fill' style={{ width: `${percent}%` }} />
        </View>
      ) : null}
      {t.supportDeadline ? <View className='muted'>征集截止 {formatDateTime(t.supportDeadline)}，到期未达到人数的提议不再讨论。</View> : null}
      {error ? <View className='banner banner--error' role='alert'>{error}</View> : null}
      {t.mySupport ? <View className='banner banner--ok' id='my-support'>您已支持这个提议</View> : null}
      {t.allowedActions.support && !t.mySupport ? (
        <View className='actions'>
          <ActionButton grow id='support-topic' disabled={busy} onClick={() => void support()}>{busy ? '提交中…' : '我支持'}</ActionButton>
        </View>
      ) : null}
    </View>
  )
}
