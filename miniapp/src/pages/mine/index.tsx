import { Switch, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import BindingCard from '../../components/BindingCard'
import PageShell from '../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../components/StateView'
import { useElderMode } from '../../hooks/useElderMode'
import { asApiError, useResource } from '../../hooks/useResource'
import { useSession } from '../../hooks/useSession'
import { logout } from '../../services/auth'
import { withdrawBinding } from '../../services/households'
import { getMe } from '../../services/me'
import type { BindingDto, MeDto } from '../../services/types'
import { setElderMode } from '../../stores/elder'
import { roleLabel } from '../../utils/labels'
import { BINDING_PAGE, BOOKING_MINE_PAGE, LOGIN_PAGE, PASSWORD_PAGE, PERSONAL_INFO_PAGE, REALNAME_PAGE, REPORT_MINE_PAGE, WORKBENCH_PAGE } from '../../utils/routes'
import ActionButton from '../../components/ActionButton'
import InfoRow from '../../components/InfoRow'
import { controlName } from '../../utils/a11y'
import { pressable } from '../../utils/keyboard'

/** 我的: account, masked real-name data, household bindings, 关怀模式, workbench entry, logout. */
export default function MinePage() {
  const session = useSession()
  const me = useResource(getMe, { immediate: false })

  useDidShow(() => {
    if (session) void me.reload()
  })
  usePullDownRefresh(async () => {
    if (session) await me.reload()
    Taro.stopPullDownRefresh()
  })

  if (!session) {
    return (
      <PageShell>
        <View className='card'>
          <View className='card__title'>未登录</View>
          <View className='muted'>登录后可进行实名登记、绑定房屋。</View>
          <View className='actions'>
            <ActionButton grow onClick={() => Taro.navigateTo({ url: LOGIN_PAGE })}>
              登录
            </ActionButton>
          </View>
        </View>
        <ElderSwitch />
      </PageShell>
    )
  }

  return (
    <PageShell>
      {me.loading && !me.data ? <Loading /> : null}
      {me.error ? <ErrorState error={me.error} onRetry={me.reload} /> : null}
      {me.data ? <MeView me={me.data} onChanged={me.reload} /> : null}
      <ElderSwitch />
      <View className='card'>
        <ActionButton
          kind='danger'
          block
          onClick={async () => {
            await logout()
            Taro.showToast({ title: '已退出登录', icon: 'none' })
          }}
        >
          退出登录
        </ActionButton>
      </View>
    </PageShell>
  )
}

function MeView({ me, onChanged }: { me: MeDto; onChanged: () => void }) {
  const { user, profile, households } = me
  const roles = [...new Set(user.roles.map((r) => (r.scopeName ? `${roleLabel(r.role)}（${r.scopeName}）` : roleLabel(r.role))))]
  return (
    <View>
      <View className='hero'>
        <View className='hero__title'>{user.displayName}</View>
        <View className='hero__sub'>账号 {user.username} · {roles.join('、') || '居民'}</View>
      </View>

      {user.isStaff ? (
        <View className='card'>
          <View className='card__title'>工作人员</View>
          <View className='actions'>
            <ActionButton grow id='open-workbench' onClick={() => Taro.navigateTo({ url: WORKBENCH_PAGE })}>
              进入工作台
            </ActionButton>
            <ActionButton kind='secondary' grow id='open-password' onClick={() => Taro.navigateTo({ url: PASSWORD_PAGE })}>
              修改密码
            </ActionButton>
          </View>
        </View>
      ) : null}

      <View className='card entry' id='my-reports-entry' role='link' {...pressable(() => Taro.navigateTo({ url: REPORT_MINE_PAGE }), 'link')}>
        <View className='entry__label'>
          <View className='item__title'>我的诉求</View>
          <View className='item__meta'>我上报和附议的问题、办理进度</View>
        </View>
        <View className='entry__arrow'>›</View>
      </View>

      <View className='card entry' id='my-bookings-entry' role='link' {...pressable(() => Taro.navigateTo({ url: BOOKING_MINE_PAGE }), 'link')}>
        <View className='entry__label'>
          <View className='item__title'>我的预约</View>
          <View className='item__meta'>预约码、办理时间和要带的材料</View>
        </View>
        <View className='entry__arrow'>›</View>
      </View>

      <View className='card' id='profile-card'>
        <View className='item__head'>
          <View className='card__title'>实名信息</View>
          <ProfileTag profile={profile} />
        </View>
        {profile.identityStatus === 'review' ? <View className='muted' id='identity-review-note'>身份证号需要社区工作人员核实，核实前暂时不能申请绑定房屋。</View> : null}
        <InfoRow label='姓名'>{profile.realName ?? '未填写'}</InfoRow>
        <InfoRow label='身份证号'>{profile.idNumber ?? '未填写'}</InfoRow>
        <InfoRow label='手机号'>{profile.phone ?? '未填写'}</InfoRow>
        <View className='actions'>
          <ActionButton kind='secondary' grow id='open-realname' onClick={() => Taro.navigateTo({ url: REALNAME_PAGE })}>
            {profile.isVerified ? '更新实名信息' : '实名登记'}
          </ActionButton>
          <ActionButton kind='secondary' grow id='open-personal-info' onClick={() => Taro.navigateTo({ url: PERSONAL_INFO_PAGE })}>
            个人信息
          </ActionButton>
        </View>
      </View>

      <View className='card' id='bindings-card'>
        <View className='card__title'>我的房屋</View>
        {households.length === 0 ? <Empty title='还没有绑定房屋' hint='绑定后由社区工作人员审核。' /> : null}
        {households.map((b) => (
          <BindingCard key={b.id} binding={b}>
            {b.policies.withdraw ? <WithdrawButton binding={b} onDone={onChanged} /> : null}
          </BindingCard>
        ))}
        <View className='actions'>
          <ActionButton kind='secondary' grow id='open-binding' onClick={() => Taro.navigateTo({ url: BINDING_PAGE })}>
            绑定房屋
          </ActionButton>
        </View>
      </View>
    </View>
  )
}

/** 已登记 / 待核实 (the ID number waits for 社区) / 未登记. */
function ProfileTag({ profile }: { profile: MeDto['profile'] }) {
  if (profile.identityStatus === 'review') return <View className='tag tag--pending'>待核实</View>
  return <View className={`tag ${profile.isVerified ? 'tag--approved' : 'tag--pending'}`}>{profile.isVerified ? '已登记' : '未登记'}</View>
}

function WithdrawButton({ binding, onDone }: { binding: BindingDto; onDone: () => void }) {
  const label = binding.status === 'approved' ? '解除绑定' : '撤回申请'
  const withdraw = async () => {
    const { confirm } = await Taro.showModal({
      title: label,
      content: `确定${label}「${binding.household.address}」吗？`,
      confirmText: '确定',
      cancelText: '取消',
    })
    if (!confirm) return
    try {
      await withdrawBinding(binding.id)
      Taro.showToast({ title: binding.status === 'approved' ? '已解除绑定' : '已撤回', icon: 'success' })
      onDone()
    } catch (e) {
      Taro.showModal({ title: '操作失败', content: asApiError(e).message, showCancel: false })
    }
  }
  return (
    <View className='actions'>
      <ActionButton kind='danger' onClick={withdraw}>
        {label}
      </ActionButton>
    </View>
  )
}

function ElderSwitch() {
  const elder = useElderMode()
  return (
    <View className='card elder-switch'>
      <View className='row'>
        <View>
          <View className='item__title'>关怀模式</View>
          <View className='item__meta'>更大的字、更醒目的颜色、更大的按钮</View>
        </View>
        <Switch
          checked={elder}
          color='#1e6b52'
          {...controlName('关怀模式')}
          onChange={(e) => setElderMode(e.detail.value)}
        />
      </View>
    </View>
  )
}
