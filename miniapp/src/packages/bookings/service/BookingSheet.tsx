import { Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import InfoRow from '../../../components/InfoRow'
import { Loading } from '../../../components/StateView'
import { asApiError } from '../../../hooks/useResource'
import { createBooking, type CreatedBookingDto, type NextSlot, type ServiceDetailDto } from '../../../services/bookings'
import type { ApiError } from '../../../services/request'
import { BOOKING_DETAIL_PAGE, withQuery } from '../../../utils/routes'
import { formatDateTime } from '../../../utils/time'
import { attemptFor, offeredSlots, type Attempt } from '../attempt'
import { materialText } from '../checklist'
import { PAY_IN_WECHAT, payInWechat, payOutcomeText } from '../payment'
import { slotText } from '../slots'
import Chip from '../../../components/Chip'

export const NOTE_MAX = 200

/** A slot as the sheet needs it (from the calendar, or one a 409 offered). */
export type PickedSlot = { id: number; startsAt: string; endsAt: string }
/** One of my households in the service's community (the place of a home service). */
export type HouseholdChoice = { id: number; address: string }

type Props = {
  service: ServiceDetailDto
  slot: PickedSlot
  /** Why booking is not possible now (shown, and the button disabled); null when it is. */
  blocked: string | null
  /** For a home service: my approved households in its community (undefined while loading). */
  households: HouseholdChoice[] | undefined
  onPick: (slot: PickedSlot) => void
  onClose: () => void
  /** The slots on screen are out of date (someone took the last place). */
  onStale: () => void
}

/**
 * The confirmation sheet: time, place, materials to bring, fee, a note (≤ 200), and for a home
 * service which household. Booking keeps one Idempotency-Key per attempt across retries. A full
 * slot (409 SLOT_FULL) offers the next slots with room; a paid service opens WeChat's payment
 * sheet in the mini-program, and in the H5 portal says to pay in the mini-program.
 */
export default function BookingSheet({ service, slot, blocked, households, onPick, onClose, onStale }: Props) {
  const [note, setNote] = useState('')
  const [householdId, setHouseholdId] = useState<number>()
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<ApiError>()
  const [offered, setOffered] = useState<NextSlot[] | null>(null)
  const attempt = useRef<Attempt>()

  useEffect(() => {
    setFailure(undefined)
    setOffered(null)
  }, [slot.id])
  // The only household is the place; with several the resident picks one.
  useEffect(() => {
    if (households?.length === 1) setHouseholdId(households[0].id)
  }, [households?.length])

  const noteLength = note.trim().length
  const needsHousehold = service.homeService && householdId === undefined
  const reason = blocked ?? (service.homeService && households?.length === 0 ? '上门服务需要您在本社区已绑定的房屋，请先绑定房屋。' : null)

  const finish = async (created: CreatedBookingDto) => {
    if (created.requestPayment) {
      const outcome = await payInWechat(created.requestPayment)
      if (outcome === 'unsupported') {
        const until = created.holdUntil ? `已为您保留名额到 ${formatDateTime(created.holdUntil)}，` : ''
        await Taro.showModal({ title: PAY_IN_WECHAT, content: `${until}请打开邻里通微信小程序，在「我的预约」中完成支付；逾期未支付，名额会自动释放。`, showCancel: false, confirmText: '知道了' })
      } else {
        void Taro.showToast({ title: payOutcomeText(outcome), icon: 'none' })
      }
    } else {
      void Taro.showToast({ title: created.status === 'pending' ? '已提交，待社区确认' : '预约成功', icon: 'success' })
    }
    await Taro.redirectTo({ url: withQuery(BOOKING_DETAIL_PAGE, { id: created.id }) })
  }

  const submit = async () => {
    if (busy || reason || needsHousehold || noteLength > NOTE_MAX) return
    const input = { slotId: slot.id, note: noteLength > 0 ? note.trim() : undefined, householdId: service.homeService ? householdId : undefined }
    attempt.current = attemptFor(attempt.current, input)
    setBusy(true)
    setFailure(undefined)
    setOffered(null)
    try {
      const created = await createBooking(input, attempt.current.key)
      await finish(created)
    } catch (e) {
      const err = asApiError(e)
      const next = offeredSlots(err)
      setFailure(err)
      setOffered(next)
      if (next) onStale()
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='booking-sheet-mask'>
      <View className='booking-sheet' id='booking-sheet' role='dialog' aria-label='确认预约'>
        <View className='card__title'>确认预约</View>
        <InfoRow label='服务'>{service.name}</InfoRow>
        <InfoRow label='时间' id='sheet-time'>{slotText(slot)}</InfoRow>
        <InfoRow label='地点'>{service.homeService ? '上门服务（您的房屋）' : service.department}</InfoRow>
        <InfoRow label='费用'>{service.feeText}</InfoRow>
        {service.materials.length > 0 ? (
          <View className='booking-remind' id='sheet-materials'>
            请带齐：{service.materials.map(materialText).join('；')}
          </View>
        ) : null}
        {service.homeService && households === undefined ? <Loading text='正在读取您的房屋…' /> : null}
        {service.homeService && households && households.length > 0 ? (
          <Field label='上门地址' error={failure?.fieldMessage('householdId')} id='field-household'>
            <View className='chips' role='radiogroup'>
              {households.map((h) => (
                <Chip key={h.id} id={`household-${h.id}`} active={h.id === householdId} onTap={() => setHouseholdId(h.id)}>
                  {h.address}
                </Chip>
              ))}
            </View>
          </Field>
        ) : null}
        <Field label='备注（选填）' error={failure?.fieldMessage('note') ?? (noteLength > NOTE_MAX ? `备注不能超过${NOTE_MAX}个字` : undefined)} id='field-note'>
          <Textarea className='booking-textarea' value={note} maxlength={NOTE_MAX} autoHeight placeholder='需要说明的情况，例如办理人、行动不便需要帮助' onInput={(e) => setNote(e.detail.value)} />
          <View className='booking-counter'>{noteLength}/{NOTE_MAX}</View>
        </Field>

        {offered ? (
          <View className='banner banner--error' role='alert' id='slot-full'>
            <View>该时段已约满</View>
            {offered.length > 0 ? <View className='booking-offer__hint'>以下时段还有名额，点选即可改选：</View> : <View className='booking-offer__hint'>近期其他时段也已约满，请过几天再来看看。</View>}
            <View className='chips'>
              {offered.map((s) => (
                <Chip key={s.id} id={`offered-${s.id}`} kind='button' onTap={() => onPick(s)}>
                  {`${slotText(s)} 余 ${s.remaining}`}
                </Chip>
              ))}
            </View>
          </View>
        ) : null}
        {failure && !offered && !failure.fields?.length ? <View className='banner banner--error' role='alert' id='booking-error'>{failure.message}</View> : null}
        {reason ? <View className='banner banner--info' id='sheet-blocked'>{reason}</View> : null}

        <View className='actions'>
          <ActionButton kind='secondary' grow id='sheet-cancel' onClick={onClose}>
            返回
          </ActionButton>
          <ActionButton grow id='confirm-booking' disabled={busy || Boolean(reason) || needsHousehold || noteLength > NOTE_MAX || Boolean(offered)} onClick={() => void submit()}>
            {busy ? '提交中…' : service.feeFen > 0 ? `确认并支付 ${service.feeText}` : '确认预约'}
          </ActionButton>
        </View>
      </View>
    </View>
  )
}
