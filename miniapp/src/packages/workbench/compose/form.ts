import type { PickedPhoto } from '../../../components/PhotoPicker'
import type { CreateNoticeInput, NoticeDetailDto, UpdateNoticeInput } from '../../../services/types'
import type { NoticeCategory } from '../../../services/notices'
import { shanghaiIso, shanghaiParts } from '../../../utils/time'
import { htmlToText, textToHtml } from './body'

export type TargetType = 'community' | 'grids' | 'buildings'
/** 立即发布 / 定时发布 / 存为草稿. */
export type PublishMode = 'now' | 'schedule' | 'draft'
export type FormImage = PickedPhoto

/** What the compose page edits; dates and times are Asia/Shanghai (`YYYY-MM-DD`, `HH:mm`). */
export type NoticeForm = {
  title: string
  body: string
  category: NoticeCategory
  important: boolean
  targetType: TargetType
  communityId?: number
  gridIds: number[]
  buildingIds: number[]
  mode: PublishMode
  publishDate: string
  publishTime: string
  pinned: boolean
  pinnedUntilDate: string
  expires: boolean
  expiresDate: string
  images: FormImage[]
}

export type FormErrors = Partial<Record<'title' | 'body' | 'target' | 'publishAt' | 'pinnedUntil' | 'expiresAt' | 'images', string>>

export const TITLE_MIN = 2
export const TITLE_MAX = 100
export const BODY_MAX = 20000
export const MAX_IMAGES = 9

const DAY = 24 * 3600 * 1000

/** A blank form: whole community, publish now, pinned for a week if switched on. */
export function emptyForm(now: Date, communityId?: number): NoticeForm {
  const inAnHour = shanghaiParts(now.getTime() + 3600 * 1000)
  return {
    title: '',
    body: '',
    category: 'notice',
    important: false,
    targetType: 'community',
    communityId,
    gridIds: [],
    buildingIds: [],
    mode: 'now',
    publishDate: inAnHour.date,
    publishTime: `${inAnHour.time.slice(0, 2)}:00`,
    pinned: false,
    pinnedUntilDate: shanghaiParts(now.getTime() + 7 * DAY).date,
    expires: false,
    expiresDate: shanghaiParts(now.getTime() + 30 * DAY).date,
    images: [],
  }
}

/** The form of an existing notice, for editing. */
export function formFromNotice(n: NoticeDetailDto, now: Date): NoticeForm {
  const base = emptyForm(now, n.community.id)
  const scheduled = n.state === 'scheduled' && n.publishAt ? shanghaiParts(n.publishAt) : null
  return {
    ...base,
    title: n.title,
    body: htmlToText(n.bodyHtml),
    category: n.category,
    important: n.importance === 'important',
    targetType: n.target.type,
    gridIds: n.target.gridIds,
    buildingIds: n.target.buildingIds,
    mode: n.state === 'draft' ? 'draft' : scheduled ? 'schedule' : 'now',
    publishDate: scheduled?.date ?? base.publishDate,
    publishTime: scheduled?.time ?? base.publishTime,
    pinned: Boolean(n.pinnedUntil && Date.parse(n.pinnedUntil) > now.getTime()),
    pinnedUntilDate: n.pinnedUntil ? shanghaiParts(n.pinnedUntil).date : base.pinnedUntilDate,
    expires: Boolean(n.expiresAt),
    expiresDate: n.expiresAt ? shanghaiParts(n.expiresAt).date : base.expiresDate,
    images: n.images.map((i) => ({ id: i.id, url: i.url })),
  }
}

/** The end of a Shanghai calendar day, as the API's ISO instant (pins and expiry last the whole day). */
const endOfDay = (date: string) => shanghaiIso(date, '23:59')

/** When the notice will appear: now, or the scheduled time. */
export function publishAtOf(form: NoticeForm): string | undefined {
  return form.mode === 'schedule' && form.publishDate && form.publishTime ? shanghaiIso(form.publishDate, form.publishTime) : undefined
}

/**
 * Checks the form as the API would (title 2–100 characters, a body, a target, a future schedule,
 * pins and expiry after publication, at most 9 images) so mistakes show under their fields.
 */
export function validateNoticeForm(form: NoticeForm, now: Date): FormErrors {
  const errors: FormErrors = {}
  const title = form.title.trim()
  if (title.length < TITLE_MIN) errors.title = `标题至少${TITLE_MIN}个字`
  else if (title.length > TITLE_MAX) errors.title = `标题不能超过${TITLE_MAX}个字`

  const html = textToHtml(form.body)
  // The API's schema wants a body even when there are images.
  if (!html) errors.body = '请填写正文'
  else if (html.length > BODY_MAX) errors.body = '正文太长，请删减'

  if (form.targetType === 'community' && !form.communityId) errors.target = '请选择社区'
  if (form.targetType === 'grids' && form.gridIds.length === 0) errors.target = '请至少选择一个网格'
  if (form.targetType === 'buildings' && form.buildingIds.length === 0) errors.target = '请至少选择一栋楼'

  let start = now.getTime()
  if (form.mode === 'schedule') {
    if (!form.publishDate || !form.publishTime) errors.publishAt = '请选择发布日期和时间'
    else {
      const at = Date.parse(shanghaiIso(form.publishDate, form.publishTime))
      if (!(at > now.getTime())) errors.publishAt = '定时发布的时间须晚于现在'
      else start = at
    }
  }
  if (form.pinned) {
    const until = Date.parse(endOfDay(form.pinnedUntilDate))
    if (!form.pinnedUntilDate || !(until > now.getTime())) errors.pinnedUntil = '置顶截止日期须晚于今天'
    else if (!(until > start)) errors.pinnedUntil = '置顶截止日期须晚于发布时间'
  }
  if (form.expires) {
    const until = Date.parse(endOfDay(form.expiresDate))
    if (!form.expiresDate || !(until > start)) errors.expiresAt = '有效期须晚于发布时间'
  }
  if (form.images.length > MAX_IMAGES) errors.images = `最多${MAX_IMAGES}张图片`
  return errors
}

/** The target as the API takes it. */
export function targetOf(form: NoticeForm): CreateNoticeInput['target'] {
  if (form.targetType === 'grids') return { gridIds: form.gridIds }
  if (form.targetType === 'buildings') return { buildingIds: form.buildingIds }
  return { communityId: form.communityId! }
}

/** POST /notices body: draft, or publish (now or at the scheduled time). */
export function toCreateInput(form: NoticeForm): CreateNoticeInput {
  return {
    title: form.title.trim(),
    body: textToHtml(form.body),
    category: form.category,
    importance: form.important ? 'important' : 'normal',
    target: targetOf(form),
    ...(publishAtOf(form) ? { publishAt: publishAtOf(form) } : {}),
    ...(form.pinned ? { pinnedUntil: endOfDay(form.pinnedUntilDate) } : {}),
    ...(form.expires ? { expiresAt: endOfDay(form.expiresDate) } : {}),
    imageIds: form.images.map((i) => i.id),
    mode: form.mode === 'draft' ? 'draft' : 'publish',
  }
}

/**
 * PATCH /notices/:id body. The target and the time of publication can change only before the
 * notice is out, so they are sent only for drafts and scheduled ones; a scheduled notice's new
 * time goes here, while publishing a draft is a separate call (see `publishAfterSave`).
 */
export function toUpdateInput(form: NoticeForm, version: number, state: NoticeDetailDto['state']): UpdateNoticeInput {
  const beforePublication = state === 'draft' || state === 'scheduled'
  return {
    version,
    title: form.title.trim(),
    body: textToHtml(form.body),
    category: form.category,
    importance: form.important ? 'important' : 'normal',
    ...(beforePublication ? { target: targetOf(form) } : {}),
    ...(state === 'scheduled' && form.mode === 'schedule' ? { publishAt: publishAtOf(form) } : {}),
    pinnedUntil: form.pinned ? endOfDay(form.pinnedUntilDate) : null,
    expiresAt: form.expires ? endOfDay(form.expiresDate) : null,
    imageIds: form.images.map((i) => i.id),
  }
}

/** After saving an edit: publish it now, schedule it, or nothing (a draft kept, or already out). */
export function publishAfterSave(form: NoticeForm, state: NoticeDetailDto['state']): { publishAt?: string } | null {
  if (state === 'draft' && form.mode === 'now') return {}
  if (state === 'draft' && form.mode === 'schedule') return { publishAt: publishAtOf(form) }
  if (state === 'scheduled' && form.mode === 'now') return {}
  return null
}
