import type { SubscribeTemplate } from '../../config.ts'
import { formatShanghai } from '../../core/time.ts'

/**
 * WeChat's rules for subscribe-message values, by the field key's type prefix (thing1 → thing).
 * A value that breaks them is refused with errcode 47003, so values are shaped before sending:
 * truncated by characters (not bytes), stripped of characters the type does not allow, and times
 * formatted the way WeChat shows them ("2019年10月1日 15:01").
 */
const LIMITS: Record<string, { max: number; allowed?: RegExp }> = {
  thing: { max: 20 },
  name: { max: 10 },
  phrase: { max: 5, allowed: /[\u3400-\u9fff]/u },
  character_string: { max: 32, allowed: /[0-9A-Za-z!-/:-@[-`{-~]/ },
  number: { max: 32, allowed: /[0-9.]/ },
  letter: { max: 32, allowed: /[A-Za-z]/ },
  phone_number: { max: 17, allowed: /[0-9+\-() ]/ },
  car_number: { max: 8 },
  amount: { max: 20, allowed: /[0-9.¥元,]/ },
}

function truncate(s: string, max: number): string {
  const chars = Array.from(s)
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`
}

/** One value shaped for a field such as `thing1` or `time2`. */
export function shapeValue(fieldKey: string, raw: unknown): string {
  const type = fieldKey.replace(/\d+$/, '')
  if (type === 'time' || type === 'date') {
    const d = raw instanceof Date ? raw : new Date(String(raw))
    if (Number.isNaN(d.getTime())) return ''
    return formatShanghai(d, type === 'time' ? 'YYYY年M月D日 HH:mm' : 'YYYY年M月D日')
  }
  let s = String(raw ?? '').replace(/\s+/g, ' ').trim()
  const rule = LIMITS[type] ?? { max: 20 }
  if (rule.allowed) s = Array.from(s).filter((c) => rule.allowed!.test(c)).join('').trim()
  // Only free text may end in an ellipsis; codes and numbers are cut, never decorated.
  return type === 'thing' || type === 'name' ? truncate(s, rule.max) : Array.from(s).slice(0, rule.max).join('')
}

/** The `data` object of subscribeMessage.send for a template and the values of one event. */
export function templateData(template: SubscribeTemplate, values: Record<string, unknown>): Record<string, { value: string }> {
  const out: Record<string, { value: string }> = {}
  for (const [fieldKey, source] of Object.entries(template.fields)) out[fieldKey] = { value: shapeValue(fieldKey, values[source]) }
  return out
}
