/**
 * Personal data rules the API and the mini-program both apply: ID numbers (GB 11643), mainland
 * mobiles, real names, and how each is masked. Plain TypeScript with no imports, so the API's
 * zod schemas and the mini-program's forms check exactly the same thing with the same words.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** What a resident reads when a field breaks one of these rules. */
export const PII_MESSAGES = {
  idNumberMissing: '请输入身份证号',
  idNumberShape: '身份证号应为18位，最后一位可以是数字或X',
  idNumberBirth: '身份证号中的出生日期无效',
  idNumberCheck: '身份证号校验位不正确，请核对',
  phoneMissing: '请输入手机号',
  phoneShape: '请输入11位大陆手机号',
  nameShort: '姓名至少2个字',
  nameLong: '姓名不能超过32个字',
  nameChars: '姓名只能包含汉字、字母和间隔号·',
} as const

/** The GB 11643 MOD 11-2 check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]
  return ID_CHECK[sum % 11]
}

export type IdNumberInfo = { idNumber: string; birthDate: Date; gender: 'male' | 'female' }
export type IdNumberResult = { ok: true; value: IdNumberInfo } | { ok: false; reason: string }

/** Upper-cases a trailing x and trims, as the API stores an ID number. */
export function normaliseIdNumber(input: string): string {
  return input.trim().toUpperCase()
}

/**
 * Validates an 18-character resident ID number: digits, a real birth date not in the future,
 * and the MOD 11-2 check character (a lowercase x is accepted and normalised).
 */
export function parseIdNumber(input: string, today: Date = new Date()): IdNumberResult {
  const s = normaliseIdNumber(input)
  if (!/^\d{17}[\dX]$/.test(s)) return { ok: false, reason: PII_MESSAGES.idNumberShape }
  const y = Number(s.slice(6, 10))
  const m = Number(s.slice(10, 12))
  const d = Number(s.slice(12, 14))
  const birth = new Date(Date.UTC(y, m - 1, d))
  const real = birth.getUTCFullYear() === y && birth.getUTCMonth() === m - 1 && birth.getUTCDate() === d
  if (!real || y < 1900 || birth.getTime() > today.getTime()) return { ok: false, reason: PII_MESSAGES.idNumberBirth }
  if (idCheckChar(s.slice(0, 17)) !== s[17]) return { ok: false, reason: PII_MESSAGES.idNumberCheck }
  return { ok: true, value: { idNumber: s, birthDate: birth, gender: Number(s[16]) % 2 === 1 ? 'male' : 'female' } }
}

/** Why an ID number is invalid, or null when it is valid (a form's wording: an empty field is asked for). */
export function idNumberError(input: string, today: Date = new Date()): string | null {
  if (!input.trim()) return PII_MESSAGES.idNumberMissing
  const r = parseIdNumber(input, today)
  return r.ok ? null : r.reason
}

export const MOBILE_RE = /^1[3-9]\d{9}$/

/** True for an 11-digit mainland mobile number. */
export function isMobile(input: string): boolean {
  return MOBILE_RE.test(input)
}

/** Why a mobile number is invalid, or null. */
export function phoneError(input: string): string | null {
  const s = input.trim()
  if (!s) return PII_MESSAGES.phoneMissing
  return isMobile(s) ? null : PII_MESSAGES.phoneShape
}

/** Length limits of a real name (after trimming) and the characters it may hold. */
export const REAL_NAME_MIN = 2
export const REAL_NAME_MAX = 32
export const REAL_NAME_RE = /^[\u3400-\u9fffA-Za-z·•. ]+$/

/** Why a real name is invalid, or null. */
export function realNameError(input: string): string | null {
  const s = input.trim()
  if (s.length < REAL_NAME_MIN) return PII_MESSAGES.nameShort
  if (s.length > REAL_NAME_MAX) return PII_MESSAGES.nameLong
  return REAL_NAME_RE.test(s) ? null : PII_MESSAGES.nameChars
}

/** `13812341234` → `138****1234`. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length)
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`
}

/** `11010519491231002X` → `110105********002X`. */
export function maskIdNumber(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length)
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`
}

/** `张三` → `张*`, `欧阳娜娜` → `欧**娜`. */
export function maskName(name: string): string {
  const chars = Array.from(name)
  if (chars.length <= 1) return name
  if (chars.length === 2) return `${chars[0]}*`
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`
}

/** Whole years between a birth date and today (UTC dates). */
export function ageOn(birthDate: Date, today: Date = new Date()): number {
  const age = today.getUTCFullYear() - birthDate.getUTCFullYear()
  const beforeBirthday =
    today.getUTCMonth() < birthDate.getUTCMonth() ||
    (today.getUTCMonth() === birthDate.getUTCMonth() && today.getUTCDate() < birthDate.getUTCDate())
  return beforeBirthday ? age - 1 : age
}
