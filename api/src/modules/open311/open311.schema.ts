import { z } from 'zod'

/**
 * Inputs of the GeoReport v2 facade, under the spec's own field names. Values arrive as form
 * fields (strings) or JSON (strings or numbers); an empty field counts as absent, as form clients
 * send every input of their form.
 */

const blankToUndefined = (v: unknown) => {
  if (typeof v === 'number') return String(v)
  if (typeof v !== 'string') return v
  const t = v.trim()
  return t === '' ? undefined : t
}
const text = (max: number) => z.preprocess(blankToUndefined, z.string().max(max, `不能超过${max}个字符`).optional())
const decimal = (min: number, max: number, what: string) =>
  z.preprocess(
    (v) => {
      const s = blankToUndefined(v)
      return typeof s === 'string' && /^[+-]?\d+(\.\d+)?$/.test(s) ? Number(s) : s
    },
    z.number({ message: `${what}须为十进制数` }).min(min, `${what}应在 ${min} 到 ${max} 之间`).max(max, `${what}应在 ${min} 到 ${max} 之间`).optional(),
  )

/** Fields the spec defines for POST requests; `attribute[…]` fields are dropped (no service has metadata). */
export const PostRequestFields = z.object({
  api_key: text(200),
  jurisdiction_id: text(64),
  service_code: z.preprocess(blankToUndefined, z.string({ message: '缺少 service_code' }).max(32, '不能超过32个字符')),
  lat: decimal(-90, 90, '纬度'),
  long: decimal(-180, 180, '经度'),
  address_string: text(255),
  address_id: z.preprocess(blankToUndefined, z.string().regex(/^[1-9]\d{0,9}$/, 'address_id 须为楼栋编号（正整数）').optional()),
  email: text(254),
  device_id: text(128),
  account_id: text(128),
  first_name: text(64),
  last_name: text(64),
  phone: text(32),
  description: z.preprocess(
    blankToUndefined,
    z.string({ message: '缺少 description（问题描述，5–1000字）' }).min(5, '问题描述至少5个字').max(1000, '问题描述不能超过1000个字'),
  ),
  media_url: text(2048),
}).strict()
export type PostRequestInput = z.output<typeof PostRequestFields>

const csv = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.split(',').map((s) => s.trim())) : v),
    z.array(item).max(max, `最多${max}个值`).optional(),
  )

// W3C date-time (a subset of ISO 8601) with a zone, or a bare date taken as midnight in Beijing time.
const W3C = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/
const instant = z.preprocess(blankToUndefined, z.string().regex(W3C, '须为带时区的 ISO 8601 时间，如 2026-11-30T09:00:00+08:00').transform((s, ctx) => {
  const d = new Date(s.length === 10 ? `${s}T00:00:00+08:00` : s)
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: 'custom', message: '不是有效的时间' })
    return z.NEVER
  }
  return d
}).optional())

/** Filters of GET requests; `service_request_id` overrides all others (as the spec says). */
export const GetRequestsQuery = z.object({
  api_key: text(200),
  jurisdiction_id: text(64),
  service_request_id: csv(z.string().regex(/^[1-9]\d{0,9}$/, 'service_request_id 须为正整数'), 1000),
  service_code: csv(z.string().min(1).max(32), 50),
  start_date: instant,
  end_date: instant,
  status: csv(z.enum(['open', 'closed'], { message: 'status 只能是 open 或 closed' }), 2),
}).strict()
export type GetRequestsInput = z.output<typeof GetRequestsQuery>

/** Query of the other GET methods: the key (reads are jurisdiction-private) and the ignored jurisdiction. */
export const KeyQuery = z.object({ api_key: text(200), jurisdiction_id: text(64) }).strict()

/** The spec's defaults for GET requests: the last 90 days, at most 1000 results, newest first. */
export const REQUEST_LIST_DEFAULTS = { days: 90, max: 1000 } as const
