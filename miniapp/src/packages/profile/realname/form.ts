import type { ApiError } from '../../../services/request'
import { idNumberError, phoneError, realNameError } from '../../../utils/validators'

export type FieldName = 'realName' | 'idNumber' | 'phone' | 'consent'
export type Errors = Partial<Record<FieldName, string>>

/** What a resident is told while their ID number waits for 社区 (never that someone else holds it). */
export const IDENTITY_REVIEW_TEXT = '该身份证号需要社区工作人员核实，核实前暂时不能申请绑定房屋。核实结果会发到消息中心。'

/** The warning before a verified identity with approved households is changed. */
export const REBIND_WARNING = '修改姓名或身份证号后，已绑定的房屋需要社区重新审核，审核通过前暂时不能使用。只是重新提交相同信息时不受影响。'

/**
 * Client-side checks, the same rules as the API's. The phone is checked only when the form asks
 * for it (`askPhone`): one on file is kept without being typed again.
 */
export function validateProfileForm(v: { realName: string; idNumber: string; phone: string; consent: boolean; askPhone: boolean }): Errors {
  const errors: Errors = {}
  const name = realNameError(v.realName)
  const id = idNumberError(v.idNumber)
  const phone = v.askPhone ? phoneError(v.phone) : null
  if (name) errors.realName = name
  if (id) errors.idNumber = id
  if (phone) errors.phone = phone
  if (!v.consent) errors.consent = '请阅读并同意《个人信息处理规则》'
  return errors
}

/** Whole minutes to wait, at least one. */
export const minutesToWait = (seconds: number) => Math.max(1, Math.ceil(seconds / 60))

/**
 * Maps a server error's `details.fields` onto the form; what does not match a field stays a banner.
 * Too many identity writes (429) says how many minutes to wait.
 */
export function serverErrors(e: ApiError): { fields: Errors; banner?: string } {
  if (e.code === 'RATE_LIMITED') {
    return { fields: {}, banner: e.retryAfterSeconds !== undefined ? `提交次数过多，请 ${minutesToWait(e.retryAfterSeconds)} 分钟后再试` : '提交次数过多，请稍后再试' }
  }
  const fields: Errors = {}
  for (const f of e.fields ?? []) {
    const name = f.field.replace(/^body\./, '') as FieldName
    if (['realName', 'idNumber', 'phone', 'consent'].includes(name)) fields[name] = f.message
  }
  return { fields, banner: Object.keys(fields).length ? undefined : e.message }
}
