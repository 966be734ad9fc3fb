import type { ApiError } from '../../../services/request'
import { idNumberError, phoneError, realNameError } from '../../../utils/validators'

export type FieldName = 'realName' | 'idNumber' | 'phone' | 'consent'
export type Errors = Partial<Record<FieldName, string>>

/** Client-side checks, the same rules as the API's. */
export function validateProfileForm(v: { realName: string; idNumber: string; phone: string; consent: boolean }): Errors {
  const errors: Errors = {}
  const name = realNameError(v.realName)
  const id = idNumberError(v.idNumber)
  const phone = phoneError(v.phone)
  if (name) errors.realName = name
  if (id) errors.idNumber = id
  if (phone) errors.phone = phone
  if (!v.consent) errors.consent = '请阅读并同意《个人信息处理规则》'
  return errors
}

/** Maps a server error's `details.fields` onto the form; what does not match a field stays a banner. */
export function serverErrors(e: ApiError): { fields: Errors; banner?: string } {
  const fields: Errors = {}
  for (const f of e.fields ?? []) {
    const name = f.field.replace(/^body\./, '') as FieldName
    if (['realName', 'idNumber', 'phone', 'consent'].includes(name)) fields[name] = f.message
  }
  return { fields, banner: Object.keys(fields).length ? undefined : e.message }
}

