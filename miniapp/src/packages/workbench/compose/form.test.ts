import { describe, expect, it } from 'vitest'
import { detail } from '../../../../test/fixtures/notices'
import { htmlToText, isLossless, textToHtml } from './body'
import { emptyForm, formFromNotice, publishAfterSave, toCreateInput, toUpdateInput, validateNoticeForm, type NoticeForm } from './form'

// 2026-11-22 10:00 in Shanghai.
const NOW = new Date('2026-11-22T02:00:00Z')

function form(over: Partial<NoticeForm> = {}): NoticeForm {
  return { ...emptyForm(NOW, 1), title: '停水通知', body: '明天停水', ...over }
}

describe('validateNoticeForm', () => {
  it('accepts a complete form', () => {
    expect(validateNoticeForm(form(), NOW)).toEqual({})
  })

  it('wants a title of 2 to 100 characters (spaces trimmed)', () => {
    expect(validateNoticeForm(form({ title: ' 停 ' }), NOW).title).toBe('标题至少2个字')
    expect(validateNoticeForm(form({ title: '停水' }), NOW).title).toBeUndefined()
    expect(validateNoticeForm(form({ title: '通'.repeat(100) }), NOW).title).toBeUndefined()
    expect(validateNoticeForm(form({ title: '通'.repeat(101) }), NOW).title).toBe('标题不能超过100个字')
  })

  it('wants a body, even with images (as the API schema does)', () => {
    expect(validateNoticeForm(form({ body: '  \n ' }), NOW).body).toBe('请填写正文')
    expect(validateNoticeForm(form({ body: '', images: [{ id: 1, url: '/x.jpg' }] }), NOW).body).toBe('请填写正文')
  })

  it('wants a target: the community, at least one grid, or at least one building', () => {
    expect(validateNoticeForm(form({ communityId: undefined }), NOW).target).toBe('请选择社区')
    expect(validateNoticeForm(form({ targetType: 'grids', gridIds: [] }), NOW).target).toBe('请至少选择一个网格')
    expect(validateNoticeForm(form({ targetType: 'grids', gridIds: [3] }), NOW).target).toBeUndefined()
    expect(validateNoticeForm(form({ targetType: 'buildings', buildingIds: [] }), NOW).target).toBe('请至少选择一栋楼')
  })

  it('wants a scheduled time in the future (Shanghai time)', () => {
    expect(validateNoticeForm(form({ mode: 'schedule', publishDate: '2026-11-22', publishTime: '09:59' }), NOW).publishAt).toBe('定时发布的时间须晚于现在')
    expect(validateNoticeForm(form({ mode: 'schedule', publishDate: '2026-11-22', publishTime: '10:00' }), NOW).publishAt).toBe('定时发布的时间须晚于现在')
    expect(validateNoticeForm(form({ mode: 'schedule', publishDate: '2026-11-22', publishTime: '10:01' }), NOW).publishAt).toBeUndefined()
    expect(validateNoticeForm(form({ mode: 'schedule', publishDate: '', publishTime: '10:01' }), NOW).publishAt).toBe('请选择发布日期和时间')
    // a past time does not matter when publishing now
    expect(validateNoticeForm(form({ mode: 'now', publishDate: '2020-01-01' }), NOW).publishAt).toBeUndefined()
  })

  it('wants pins and expiry after publication', () => {
    expect(validateNoticeForm(form({ pinned: true, pinnedUntilDate: '2026-11-21' }), NOW).pinnedUntil).toBe('置顶截止日期须晚于今天')
    expect(validateNoticeForm(form({ pinned: true, pinnedUntilDate: '2026-11-22' }), NOW).pinnedUntil).toBeUndefined() // until 23:59 today
    const late = { mode: 'schedule' as const, publishDate: '2026-11-30', publishTime: '08:00' }
    expect(validateNoticeForm(form({ ...late, expires: true, expiresDate: '2026-11-29' }), NOW).expiresAt).toBe('有效期须晚于发布时间')
    expect(validateNoticeForm(form({ ...late, expires: true, expiresDate: '2026-11-30' }), NOW).expiresAt).toBeUndefined()
  })

  it('allows at most 9 images', () => {
    const images = Array.from({ length: 10 }, (_, i) => ({ id: i + 1, url: `/f${i}.jpg` }))
    expect(validateNoticeForm(form({ images }), NOW).images).toBe('最多9张图片')
    expect(validateNoticeForm(form({ images: images.slice(0, 9) }), NOW).images).toBeUndefined()
  })
})

describe('toCreateInput', () => {
  it('publishes to chosen grids now, as the API expects', () => {
    const input = toCreateInput(form({ targetType: 'grids', gridIds: [2], important: true, category: 'outage', body: '第一段\n\n**注意**：带好水桶' }))
    expect(input).toEqual({
      title: '停水通知',
      body: '<p>第一段</p><p><strong>注意</strong>：带好水桶</p>',
      category: 'outage',
      importance: 'important',
      target: { gridIds: [2] },
      imageIds: [],
      mode: 'publish',
    })
  })

  it('schedules with a +08:00 time, pins and expires at the end of the chosen day, or saves a draft', () => {
    const input = toCreateInput(form({ mode: 'schedule', publishDate: '2026-11-23', publishTime: '08:30', pinned: true, pinnedUntilDate: '2026-11-25', expires: true, expiresDate: '2026-12-01', images: [{ id: 4, url: '/a.jpg' }] }))
    expect(input).toMatchObject({
      target: { communityId: 1 },
      publishAt: '2026-11-23T08:30:00+08:00',
      pinnedUntil: '2026-11-25T23:59:00+08:00',
      expiresAt: '2026-12-01T23:59:00+08:00',
      imageIds: [4],
      mode: 'publish',
    })
    expect(toCreateInput(form({ mode: 'draft' })).mode).toBe('draft')
  })
})

describe('editing', () => {
  it('loads a notice back into the form', () => {
    const n = detail(5, { state: 'scheduled', publishAt: '2026-11-23T00:30:00.000Z', importance: 'important', target: { type: 'grids', gridIds: [2, 3], buildingIds: [] } })
    const f = formFromNotice(n, NOW)
    expect(f).toMatchObject({ body: '第一段\n**注意**：带好证件', mode: 'schedule', publishDate: '2026-11-23', publishTime: '08:30', important: true, targetType: 'grids', gridIds: [2, 3] })
  })

  it('sends the version, and the target only before publication', () => {
    const f = form({ targetType: 'grids', gridIds: [2] })
    expect(toUpdateInput(f, 3, 'draft')).toMatchObject({ version: 3, target: { gridIds: [2] }, pinnedUntil: null, expiresAt: null })
    expect(toUpdateInput(f, 3, 'published')).not.toHaveProperty('target')
    expect(toUpdateInput(f, 3, 'published')).not.toHaveProperty('publishAt')
    expect(toUpdateInput(form({ mode: 'schedule', publishDate: '2026-11-24', publishTime: '09:00' }), 2, 'scheduled').publishAt).toBe('2026-11-24T09:00:00+08:00')
  })

  it('publishes a saved draft now or at its time, and leaves published notices alone', () => {
    expect(publishAfterSave(form({ mode: 'now' }), 'draft')).toEqual({})
    expect(publishAfterSave(form({ mode: 'schedule', publishDate: '2026-11-24', publishTime: '09:00' }), 'draft')).toEqual({ publishAt: '2026-11-24T09:00:00+08:00' })
    expect(publishAfterSave(form({ mode: 'draft' }), 'draft')).toBeNull()
    expect(publishAfterSave(form({ mode: 'now' }), 'published')).toBeNull()
  })
})

describe('body text ⇄ HTML', () => {
  it('escapes what the resident typed', () => {
    expect(textToHtml('<script>alert(1)</script> & "x"')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;</p>')
  })

  it('turns simple HTML back into the same text', () => {
    const text = '第一段\n**注意**：7 < 8 & 9'
    expect(htmlToText(textToHtml(text))).toBe(text)
    expect(isLossless(textToHtml(text))).toBe(true)
    expect(isLossless('<ul><li>一</li></ul>')).toBe(false)
    expect(htmlToText('<h3>标题</h3><ul><li>一</li><li>二</li></ul>')).toBe('标题\n• 一\n• 二')
  })
})
