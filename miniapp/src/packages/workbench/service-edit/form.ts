import type { CareGroup, CreateServiceInput, Eligibility, ServiceDetailDto, UpdateServiceInput } from '../../../services/serviceDesk'
import { SERVICE_LIMITS, SERVICE_NUMBER_LIMITS } from '../../../utils/limits'

/** One line of the materials checklist as typed: 身份证复印件, 正反面, 2 (份数 may be left empty). */
export type MaterialLine = { key: number; name: string; note: string; copies: string }

/** What the service editor edits; numbers stay text until saved so a half-typed value is kept. */
export type ServiceForm = {
  name: string
  department: string
  description: string
  materials: MaterialLine[]
  durationMinutes: string
  eligibility: Eligibility
  eligibleGroups: CareGroup[]
  /** 费用 in 元, as typed (0 = free). */
  fee: string
  bookAheadDays: string
  minNoticeMinutes: string
  freeCancelHours: string
  requiresConfirmation: boolean
  homeService: boolean
  sortOrder: string
  active: boolean
}

/** Errors by form field; a material's fields are `materials.<i>.name|note|copies`. */
export type ServiceErrors = Partial<Record<string, string>>

/** The editor's number fields: their API names, what they are called and the API's limits. */
export const NUMBER_FIELDS = {
  durationMinutes: { what: '办理时长（分钟）', ...SERVICE_NUMBER_LIMITS.durationMinutes },
  bookAheadDays: { what: '可提前预约天数', ...SERVICE_NUMBER_LIMITS.bookAheadDays },
  minNoticeMinutes: { what: '最少提前预约（分钟）', ...SERVICE_NUMBER_LIMITS.minNoticeMinutes },
  freeCancelHours: { what: '免费取消（小时）', ...SERVICE_NUMBER_LIMITS.freeCancelHours },
  sortOrder: { what: '排序', ...SERVICE_NUMBER_LIMITS.sortOrder },
} as const
type NumberField = keyof typeof NUMBER_FIELDS

export const MATERIALS_MAX = SERVICE_LIMITS.materialsMax
/** The highest fee the API takes, in fen (¥100,000). */
export const FEE_MAX_FEN = SERVICE_NUMBER_LIMITS.feeFen.max

let lineSeq = 0
/** A new, empty checklist line. */
export function newLine(p: Partial<Omit<MaterialLine, 'key'>> = {}): MaterialLine {
  return { key: ++lineSeq, name: '', note: '', copies: '', ...p }
}

/** A blank form with the API's defaults (30 minutes, 14 days ahead, 1 hour notice, free cancel until 2 hours before). */
export function emptyServiceForm(): ServiceForm {
  return {
    name: '', department: '', description: '', materials: [], durationMinutes: '30', eligibility: 'community', eligibleGroups: [], fee: '0',
    bookAheadDays: '14', minNoticeMinutes: '60', freeCancelHours: '2', requiresConfirmation: false, homeService: false, sortOrder: '0', active: true,
  }
}

/** The form of an existing service, for editing. */
export function formFromService(s: ServiceDetailDto): ServiceForm {
  return {
    name: s.name,
    department: s.department,
    description: s.description,
    materials: s.materials.map((m) => newLine({ name: m.name, note: m.note ?? '', copies: m.copies == null ? '' : String(m.copies) })),
    durationMinutes: String(s.durationMinutes),
    eligibility: s.eligibility,
    eligibleGroups: [...s.eligibleGroups],
    fee: fenToYuan(s.feeFen),
    bookAheadDays: String(s.bookAheadDays),
    minNoticeMinutes: String(s.minNoticeMinutes),
    freeCancelHours: String(s.freeCancelHours),
    requiresConfirmation: s.requiresConfirmation,
    homeService: s.homeService,
    // The detail view does not carry the sort order (yet): left empty, a save leaves it as it is.
    sortOrder: sortOrderOf(s),
    active: s.active,
  }
}

/** The sort order if the view carries it (ServiceDetailView does not yet), else '' (left as it is). */
function sortOrderOf(s: ServiceDetailDto): string {
  const value = (s as Partial<Record<'sortOrder', unknown>>).sortOrder
  return typeof value === 'number' ? String(value) : ''
}

/** 1250 → '12.50', 1200 → '12', 0 → '0'. */
export function fenToYuan(fen: number): string {
  const yuan = Math.floor(fen / 100)
  const cents = fen % 100
  return cents ? `${yuan}.${String(cents).padStart(2, '0')}` : String(yuan)
}

/**
 * A fee typed in 元 as fen, by its digits (never through a float: 0.29 × 100 is 28.999…):
 * '12.5' → 1250, '0' → 0. Refuses more than two decimals, signs, spaces inside and more than the API takes.
 */
export function yuanToFen(text: string): { fen: number } | { error: string } {
  const t = text.trim()
  if (!t) return { error: '请填写费用，免费的填 0' }
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(t)
  if (!m) return { error: /^\d+\.\d{3,}$/.test(t) ? '费用最多保留两位小数（精确到分）' : '费用请填写金额，如 12 或 12.50' }
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  if (fen > FEE_MAX_FEN) return { error: `费用不能超过${FEE_MAX_FEN / 100}元` }
  return { fen }
}

/** A whole number within limits, with the API's wording when it is not. */
export function parseWhole(text: string, what: string, min: number, max: number): { value: number } | { error: string } {
  const t = text.trim()
  if (!/^\d{1,7}$/.test(t)) return { error: `${what}须为整数` }
  const value = Number(t)
  if (value < min) return { error: `${what}不能小于${min}` }
  if (value > max) return { error: `${what}不能大于${max}` }
  return { value }
}

const length = (s: string) => [...s.trim()].length

/** Checks the form as the API would, so mistakes show under their fields before anything is sent. */
export function validateServiceForm(form: ServiceForm): ServiceErrors {
  const errors: ServiceErrors = {}
  const text = (field: keyof ServiceForm, value: string, what: string, min: number, max: number) => {
    const n = length(value)
    if (n < min) errors[field] = min === 1 ? `请填写${what}` : `${what}至少${min}个字`
    else if (n > max) errors[field] = `${what}不能超过${max}个字`
  }
  text('name', form.name, '服务名称', 2, 64)
  text('department', form.department, '办理部门或窗口', 2, 64)
  if (length(form.description) > 2000) errors.description = '服务说明不能超过2000个字'
  if (form.materials.length > MATERIALS_MAX) errors.materials = `材料清单最多${MATERIALS_MAX}项`
  form.materials.forEach((m, i) => {
    const at = `materials.${i}`
    if (!m.name.trim()) errors[`${at}.name`] = '请填写材料名称'
    else if (length(m.name) > 40) errors[`${at}.name`] = '材料名称不能超过40个字'
    if (length(m.note) > 100) errors[`${at}.note`] = '说明不能超过100个字'
    if (m.copies.trim()) {
      const c = parseWhole(m.copies, '份数', 1, 20)
      if ('error' in c) errors[`${at}.copies`] = c.error
    }
  })
  for (const [field, rule] of Object.entries(NUMBER_FIELDS) as [NumberField, (typeof NUMBER_FIELDS)[NumberField]][]) {
    if (field === 'sortOrder' && !form.sortOrder.trim()) continue
    const r = parseWhole(form[field], rule.what, rule.min, rule.max)
    if ('error' in r) errors[field] = r.error
  }
  if (form.eligibility === 'groups' && form.eligibleGroups.length === 0) errors.eligibleGroups = '请至少选择一类人群'
  const fee = yuanToFen(form.fee)
  if ('error' in fee) errors.fee = fee.error
  return errors
}

/** The fields both bodies share, from a form that passed validateServiceForm. */
function fields(form: ServiceForm) {
  const whole = (f: NumberField) => Number(form[f].trim())
  const fee = yuanToFen(form.fee)
  return {
    name: form.name.trim(),
    department: form.department.trim(),
    description: form.description.trim(),
    materials: form.materials.map((m) => ({
      name: m.name.trim(),
      ...(m.note.trim() ? { note: m.note.trim() } : {}),
      ...(m.copies.trim() ? { copies: Number(m.copies.trim()) } : {}),
    })),
    durationMinutes: whole('durationMinutes'),
    eligibility: form.eligibility,
    // Groups only mean something when the service is limited to them.
    eligibleGroups: form.eligibility === 'groups' ? form.eligibleGroups : [],
    feeFen: 'fen' in fee ? fee.fen : 0,
    bookAheadDays: whole('bookAheadDays'),
    minNoticeMinutes: whole('minNoticeMinutes'),
    freeCancelHours: whole('freeCancelHours'),
    requiresConfirmation: form.requiresConfirmation,
    homeService: form.homeService,
    ...(form.sortOrder.trim() ? { sortOrder: whole('sortOrder') } : {}),
  }
}

/** POST /services body. */
export function toCreateInput(form: ServiceForm, communityId: number): CreateServiceInput {
  return { communityId, ...fields(form) }
}

/** PATCH /services/:id body: every field, with the version the form was loaded at. */
export function toUpdateInput(form: ServiceForm, version: number): UpdateServiceInput {
  return { version, ...fields(form), active: form.active }
}

const FORM_FIELDS = ['name', 'department', 'description', 'materials', 'durationMinutes', 'eligibility', 'eligibleGroups', 'bookAheadDays',
  'minNoticeMinutes', 'freeCancelHours', 'requiresConfirmation', 'homeService', 'sortOrder', 'active']

/** The form field an API field belongs to: `body.materials.2.note` → `materials.2.note`, `feeFen` → `fee`. */
export function serviceFieldOf(apiField: string): string | undefined {
  const path = apiField.replace(/^body\./, '')
  if (/^materials\.\d+\.(name|note|copies)$/.test(path)) return path
  const head = path.split('.')[0]
  if (head === 'feeFen') return 'fee'
  return FORM_FIELDS.includes(head) ? head : undefined
}

/** Moves a checklist line up (-1) or down (+1); out of range leaves the list as it is. */
export function moveLine(lines: MaterialLine[], index: number, by: -1 | 1): MaterialLine[] {
  const to = index + by
  if (index < 0 || index >= lines.length || to < 0 || to >= lines.length) return lines
  const next = [...lines]
  ;[next[index], next[to]] = [next[to], next[index]]
  return next
}
