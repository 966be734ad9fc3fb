/**
 * Client-side checks for real-name data, the same rules the API applies (GB 11643 ID numbers,
 * mainland mobiles), so a resident sees the mistake under the field before anything is sent.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** The MOD 11-2 check character for the first 17 digits of an ID number. */
export function idCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]
  return ID_CHECK[sum % 11]
}

/** Why an ID number is invalid, or null when it is valid (lowercase x accepted). */
export function idNumberError(input: string, today: Date = new Date()): string | null {
  const s = input.trim().toUpperCase()
  if (!s) return '请输入身份证号'
  if (!/^\d{17}[\dX]$/.test(s)) return '身份证号应为18位，最后一位可以是数字或X'
  const y = Number(s.slice(6, 10))
  const m = Number(s.slice(10, 12))
  const d = Number(s.slice(12, 14))
  const birth = new Date(Date.UTC(y, m - 1, d))
  const real = birth.getUTCFullYear() === y && birth.getUTCMonth() === m - 1 && birth.getUTCDate() === d
  if (!real || y < 1900 || birth.getTime() > today.getTime()) return '身份证号中的出生日期无效'
  if (idCheckChar(s.slice(0, 17)) !== s[17]) return '身份证号校验位不正确，请核对'
  return null
}

/** Upper-cases a trailing x and trims, as the API stores it. */
export function normaliseIdNumber(input: string): string {
  return input.trim().toUpperCase()
}

export const MOBILE_RE = /^1[3-9]\d{9}$/

/** Why a mobile number is invalid, or null. */
export function phoneError(input: string): string | null {
  const s = input.trim()
  if (!s) return '请输入手机号'
  return MOBILE_RE.test(s) ? null : '请输入11位大陆手机号'
}

/** Why a real name is invalid, or null (same rule as the API). */
export function realNameError(input: string): string | null {
  const s = input.trim()
  if (s.length < 2) return '姓名至少2个字'
  if (s.length > 32) return '姓名不能超过32个字'
  return /^[\u3400-\u9fffA-Za-z·•. ]+$/.test(s) ? null : '姓名只能包含汉字、字母和间隔号·'
}
