import { describe, expect, it } from 'vitest'
import { disclosureDetail, septemberLines } from '../../disclosures/testFixtures'
import { emptyForm, formFieldOf, formFromDetail, newLine, toCorrectInput, toCreateInput, validateForm } from './form'

describe('三务公开 publishing form', () => {
  it('sends amounts typed in 元 as whole fen', () => {
    const f = { ...emptyForm(1), title: ' 10月财务收支 ', period: '2026-10', body: '说明', lines: [
      { ...newLine('income'), category: '公共收益', label: '停车费', amount: '1,200.5' },
      { ...newLine('expense'), category: '维修', label: '路灯', amount: '19.99' },
    ] }
    expect(validateForm(f, false)).toEqual({})
    expect(toCreateInput(f)).toEqual({
      communityId: 1, category: 'finance', title: '10月财务收支', period: '2026-10', body: '说明', attachmentIds: [],
      lines: [
        { kind: 'income', category: '公共收益', label: '停车费', amountFen: 120050 },
        { kind: 'expense', category: '维修', label: '路灯', amountFen: 1999 },
      ],
    })
  })

  it('names each wrong field and each wrong line', () => {
    const f = { ...emptyForm(), title: '月', period: '2026-13', lines: [{ ...newLine(), category: '收益', label: '停车', amount: '1.234' }, { ...newLine(), amount: '5' }] }
    const e = validateForm(f, true)
    expect(e.title).toBe('标题须为2到100个字')
    expect(e.period).toBe('期间格式为 2026、2026-Q3 或 2026-11')
    expect(e.body).toBe('请填写正文')
    expect(e['lines.0']).toContain('最多两位小数')
    expect(e['lines.1']).toBe('请填写科目')
    expect(e.reason).toBe('请写明更正原因（至少2个字）')
    expect(e.communityId).toBeUndefined()
    expect(validateForm(emptyForm(), false).communityId).toBe('请选择社区')
  })

  it('a correction starts from the item (amounts back in 元) and sends the whole item with the reason', () => {
    const f = formFromDetail(disclosureDetail(31, { title: '9月财务收支', lines: septemberLines, attachments: [{ id: 5, url: '/f/a.jpg', width: 1, height: 1 }] }))
    expect(f.lines.map((l) => l.amount)).toEqual(['12000', '3500.50', '2345.67'])
    expect(toCorrectInput({ ...f, reason: ' 金额录入错误 ' })).toEqual({
      title: '9月财务收支', period: '2026-09', body: '第一段说明\n第二段说明', attachmentIds: [5], reason: '金额录入错误',
      lines: septemberLines.map(({ kind, category, label, amountFen }) => ({ kind, category, label, amountFen })),
    })
  })

  it('maps the API field names onto the form', () => {
    expect(formFieldOf('lines.2.amountFen')).toBe('lines.2')
    expect(formFieldOf('lines')).toBe('lines')
    expect(formFieldOf('attachmentIds.0')).toBe('attachments')
    expect(formFieldOf('title')).toBe('title')
    expect(formFieldOf('nonsense')).toBeUndefined()
  })
})
