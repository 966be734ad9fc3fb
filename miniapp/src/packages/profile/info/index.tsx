import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { asApiError, useResource } from '../../../hooks/useResource'
import { useSession } from '../../../hooks/useSession'
import { getMyData } from '../../../services/me'
import type { MyDataDto } from '../../../services/types'
import { explainRefusal, refusalOf } from '../../../utils/permissions'
import { LOGIN_PAGE, MINE_PAGE, REALNAME_PAGE } from '../../../utils/routes'
import { formatDateTime } from '../../../utils/time'
import { AccountAndProfile, Records } from './DataSections'
import { exportMyData } from './exportData'
import { DeleteAccount, WithdrawConsent } from './RightsActions'
import '../profile.css'

/**
 * 我的 › 个人信息: everything held about the resident (GET /me/data), a JSON copy of it, 更正
 * (the 实名登记 form), 撤回实名同意 and 注销账号. Each of these, reading the copy included, is
 * audited and confirmed in the message centre by the API.
 */
export default function PersonalInfoPage() {
  const session = useSession()
  const data = useResource(getMyData, { immediate: Boolean(session) })
  usePullDownRefresh(async () => {
    await data.reload()
    Taro.stopPullDownRefresh()
  })

  if (!session) {
    return (
      <PageShell>
        <Empty title='请先登录' hint='登录后可查看我们保存的您的个人信息。' />
        <ActionButton block onClick={() => Taro.navigateTo({ url: LOGIN_PAGE })}>
          登录
        </ActionButton>
      </PageShell>
    )
  }
  return (
    <PageShell>
      <View className='hero'>
        <View className='hero__title'>个人信息</View>
        <View className='hero__sub'>这里列出邻里通保存的关于您的全部信息。您可以复制一份、更正、撤回同意或注销账号。</View>
      </View>
      {data.loading && !data.data ? <Loading /> : null}
      {data.error && !data.data ? <ErrorState error={data.error} onRetry={data.reload} /> : null}
      {data.data ? <InfoView data={data.data} /> : null}
    </PageShell>
  )
}

/**
 * Back to 我的 after consent was withdrawn: it shows the emptied profile and the ended bindings
 * (reading the export again here would record another export).
 */
function backToMine() {
  if (Taro.getCurrentPages().length > 1) Taro.navigateBack()
  else Taro.switchTab({ url: MINE_PAGE })
}

function InfoView({ data }: { data: MyDataDto }) {
  const [exporting, setExporting] = useState(false)
  const hasRealName = Boolean(data.profile && (data.profile.realName || data.profile.idNumber || data.profile.phone))
  const consentActive = data.consents.some((c) => c.purpose === 'real_name' && !c.withdrawnAt)

  const copyAll = async () => {
    setExporting(true)
    try {
      const how = await exportMyData(data)
      Taro.showToast({ title: how === 'downloaded' ? '已下载' : '已复制，可粘贴保存', icon: 'none' })
    } catch (e) {
      const refusal = refusalOf((e as { errMsg?: string })?.errMsg)
      if (refusal === 'privacy' || refusal === 'denied') await explainRefusal(refusal, { what: '剪贴板', setting: '剪贴板', action: '复制全部（JSON）' })
      else Taro.showModal({ title: '复制失败', content: asApiError(e).message, showCancel: false, confirmText: '知道了' })
    } finally {
      setExporting(false)
    }
  }

  return (
    <View id='personal-info'>
      <View className='card'>
        <View className='muted'>数据截至 {formatDateTime(data.exportedAt)}。身份证号和手机号默认部分隐藏，点「显示」查看完整内容。为保护您的信息，每次打开本页都会留下记录，当天第一次打开时还会在消息中心提示您。</View>
        <View className='actions'>
          <ActionButton grow id='export-data' disabled={exporting} onClick={copyAll}>
            复制全部（JSON）
          </ActionButton>
        </View>
      </View>
      <AccountAndProfile
        data={data}
        actions={
          <View className='actions'>
            <ActionButton kind='secondary' grow id='correct-profile' onClick={() => Taro.navigateTo({ url: REALNAME_PAGE })}>
              {hasRealName ? '更正实名信息' : '实名登记'}
            </ActionButton>
          </View>
        }
      />
      <Records data={data} />
      {hasRealName || consentActive ? <WithdrawConsent onDone={backToMine} /> : null}
      <DeleteAccount />
    </View>
  )
}
