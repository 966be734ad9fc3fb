import { View } from '@tarojs/components'
import { useState, type ReactNode } from 'react'
import InfoRow from '../../../components/InfoRow'
import { Empty } from '../../../components/StateView'
import type { MyDataDto } from '../../../services/types'
import { roleLabel } from '../../../utils/labels'
import { formatDateTime } from '../../../utils/time'
import { pressable } from '../../../utils/keyboard'

/** A row of the export (its values may carry a 显示 toggle). */
const Row = (props: { label: string; children: ReactNode; id?: string }) => <InfoRow {...props} valueClassName='data-row__value' />

/** A value shown masked until 显示 is tapped (the full value is the resident's own). */
function Revealable({ full, masked, what }: { full: string; masked: string; what: string }) {
  const [shown, setShown] = useState(false)
  return (
    <View className='data-reveal'>
      <View>{shown ? full : masked}</View>
      <View className='data-row__toggle' role='button' aria-label={`${shown ? '隐藏' : '显示'}完整${what}`} {...pressable(() => setShown(!shown))}>
        {shown ? '隐藏' : '显示'}
      </View>
    </View>
  )
}

/** 账号 and 实名信息 of the export, readable; ID number and phone masked until 显示. */
export function AccountAndProfile({ data, actions }: { data: MyDataDto; actions: ReactNode }) {
  const { account, profile } = data
  const roles = [...new Set(account.roles.map(roleLabel))].join('、') || '居民'
  return (
    <View>
      <View className='card' id='data-account'>
        <View className='card__title'>账号</View>
        <Row label='账号'>{account.username ?? '微信账号'}</Row>
        <Row label='名称'>{account.displayName}</Row>
        <Row label='身份'>{roles}</Row>
        <Row label='注册时间'>{formatDateTime(account.createdAt)}</Row>
        <Row label='最近登录'>{formatDateTime(account.lastLoginAt) || '—'}</Row>
      </View>
      <View className='card' id='data-profile'>
        <View className='card__title'>实名信息</View>
        {profile && (profile.realName || profile.idNumber || profile.phone) ? (
          <View>
            <Row label='姓名' id='data-realName'>{profile.realName ?? '未填写'}</Row>
            <Row label='身份证号' id='data-idNumber'>
              {profile.idNumber ? <Revealable full={profile.idNumber} masked={profile.idNumberMasked ?? ''} what='身份证号' /> : '未填写'}
            </Row>
            <Row label='手机号' id='data-phone'>
              {profile.phone ? <Revealable full={profile.phone} masked={profile.phoneMasked ?? ''} what='手机号' /> : '未填写'}
            </Row>
            {profile.phoneSourceLabel ? <Row label='手机号来源'>{profile.phoneSourceLabel}</Row> : null}
            {profile.genderLabel ? <Row label='性别'>{profile.genderLabel}</Row> : null}
            <Row label='更新时间'>{formatDateTime(profile.updatedAt) || '—'}</Row>
          </View>
        ) : (
          <Empty title='没有实名信息' hint='我们没有保存您的姓名、身份证号或手机号。' />
        )}
        {actions}
      </View>
    </View>
  )
}

/** Consents, households, identity reviews, and counts of everything else the export holds. */
export function Records({ data }: { data: MyDataDto }) {
  const activeSessions = data.sessions.filter((s) => !s.revokedAt).length
  return (
    <View>
      <View className='card' id='data-consents'>
        <View className='card__title'>同意记录</View>
        {data.consents.length === 0 ? <View className='muted'>没有同意记录。</View> : null}
        {data.consents.map((c) => (
          <View key={`${c.purpose}-${c.grantedAt}`} className='data-list__item'>
            <View className='item__title'>{c.purposeLabel}</View>
            <View className='item__meta'>版本 {c.policyVersion} · 同意于 {formatDateTime(c.grantedAt)}</View>
            <View className='item__meta'>{c.withdrawnAt ? `已于 ${formatDateTime(c.withdrawnAt)} 撤回` : '有效'}</View>
          </View>
        ))}
      </View>
      <View className='card' id='data-households'>
        <View className='card__title'>房屋绑定</View>
        {data.households.length === 0 ? <View className='muted'>没有房屋绑定记录。</View> : null}
        {data.households.map((h) => (
          <View key={h.id} className='data-list__item'>
            <View className='item__title'>{h.address}</View>
            <View className='item__meta'>
              {h.relationLabel} · {h.statusLabel} · 申请于 {formatDateTime(h.createdAt)}
            </View>
          </View>
        ))}
      </View>
      {data.identityReviews.length ? (
        <View className='card' id='data-identity-reviews'>
          <View className='card__title'>身份核实</View>
          {data.identityReviews.map((r) => (
            <View key={r.createdAt} className='data-list__item'>
              <View className='item__title'>{r.statusLabel}</View>
              <View className='item__meta'>
                提交于 {formatDateTime(r.createdAt)}
                {r.decidedAt ? ` · 处理于 ${formatDateTime(r.decidedAt)}` : ''}
              </View>
            </View>
          ))}
        </View>
      ) : null}
      <View className='card' id='data-other'>
        <View className='card__title'>其他记录</View>
        <Row label='消息'>{data.messages.length} 条</Row>
        <Row label='已读公告'>{data.noticeReads.length} 篇</Row>
        <Row label='上传的图片'>{data.uploads.length} 张</Row>
        <Row label='订阅提醒'>{data.subscriptions.reduce((n, s) => n + s.remaining, 0)} 次</Row>
        <Row label='登录记录'>{data.sessions.length} 次（当前有效 {activeSessions}）</Row>
        <View className='muted'>完整内容见「复制全部（JSON）」。</View>
      </View>
    </View>
  )
}
