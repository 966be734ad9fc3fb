import { describe, expect, it } from 'vitest'
import { shapeValue, templateData } from './subscribe.ts'

describe('subscribe message values follow WeChat rules', () => {
  it('thing: at most 20 characters, counted as characters, with an ellipsis', () => {
    const v = shapeValue('thing1', '关于本周六上午九点在社区活动中心开展免费体检的通知')
    expect(Array.from(v)).toHaveLength(20)
    expect(v.endsWith('…')).toBe(true)
    expect(shapeValue('thing1', '停水通知')).toBe('停水通知')
    expect(shapeValue('thing3', '第一行\n第二行')).toBe('第一行 第二行')
  })
  it('time: Asia/Shanghai, in the form 2019年10月1日 15:01', () => {
    expect(shapeValue('time2', '2026-11-22T06:05:00Z')).toBe('2026年11月22日 14:05')
    expect(shapeValue('date4', new Date('2026-01-31T20:00:00Z'))).toBe('2026年2月1日')
  })
  it('phrase: at most 5 Chinese characters; character_string: at most 32 plain symbols', () => {
    expect(shapeValue('phrase5', '已发布 notice')).toBe('已发布')
    expect(shapeValue('phrase5', '审核已经通过了')).toBe('审核已经通')
    expect(shapeValue('character_string6', 'NO-20261122-中文-' + 'x'.repeat(40))).toHaveLength(32)
    expect(shapeValue('character_string6', 'AB中文12')).toBe('AB12')
  })
  it('name: at most 10 characters; number and phone keep only their characters', () => {
    expect(Array.from(shapeValue('name1', '青石社区居民委员会工作人员周慧'))).toHaveLength(10)
    expect(shapeValue('number2', '共 12 户')).toBe('12')
    expect(shapeValue('phone_number3', '电话 138-0013-8000')).toBe('138-0013-8000')
  })
  it('maps template fields to event values', () => {
    const data = templateData(
      { id: 't', title: '社区公告通知', fields: { thing1: 'title', time2: 'publishedAt', thing3: 'publisher' } },
      { title: '停水通知', publishedAt: '2026-11-22T01:00:00Z', publisher: '青石社区' },
    )
    expect(data).toEqual({ thing1: { value: '停水通知' }, time2: { value: '2026年11月22日 09:00' }, thing3: { value: '青石社区' } })
  })
})
