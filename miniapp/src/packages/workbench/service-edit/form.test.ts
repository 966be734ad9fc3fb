import { describe, expect, it } from 'vitest'
import {
  emptyServiceForm, fenToYuan, formFromService, moveLine, newLine, serviceFieldOf, toCreateInput, toUpdateInput, validateServiceForm, yuanToFen,
  type ServiceForm,
} from './form'
import { serviceDetail } from '../bookingFixtures'

const filled = (p: Partial<ServiceForm> = {}): ServiceForm => ({ ...emptyServiceForm(), name: '居住证办理', department: '一楼综合窗口', ...p })

describe('fee in 元 → fen', () => {
  it('converts by the digits, never through a float', () => {
    expect(yuanToFen('12.5')).toEqual({ fen: 1250 })
    expect(yuanToFen('12.50')).toEqual({ fen: 1250 })
    expect(yuanToFen('0.29')).toEqual({ fen: 29 }) // 0.29 * 100 === 28.999999999999996
    expect(yuanToFen('1.1')).toEqual({ fen: 110 })
    expect(yuanToFen(' 0 ')).toEqual({ fen: 0 })
    expect(yuanToFen('100000')).toEqual({ fen: 10_000_000 })
  })

  it('refuses more than two decimals, signs, words and more than the API takes', () => {
    expect(yuanToFen('12.345')).toEqual({ error: '费用最多保留两位小数（精确到分）' })
    expect(yuanToFen('-1')).toHaveProperty('error')
    expect(yuanToFen('1e3')).toHaveProperty('error')
    expect(yuanToFen('12.')).toHaveProperty('error')
    expect(yuanToFen('十元')).toHaveProperty('error')
    expect(yuanToFen('')).toEqual({ error: '请填写费用，免费的填 0' })
    expect(yuanToFen('100000.01')).toEqual({ error: '费用不能超过100000元' })
  })

  it('shows fen back in 元', () => {
    expect(fenToYuan(1250)).toBe('12.50')
    expect(fenToYuan(1205)).toBe('12.05')
    expect(fenToYuan(1200)).toBe('12')
    expect(fenToYuan(0)).toBe('0')
    expect(yuanToFen(fenToYuan(29))).toEqual({ fen: 29 })
  })
})

describe('validateServiceForm', () => {
  it('accepts a complete form', () => {
    expect(validateServiceForm(filled({ materials: [newLine({ name: '户口本原件' })] }))).toEqual({})
  })

  it('names each problem under its field, a material line by its index', () => {
    const errors = validateServiceForm(filled({
      name: '居',
      department: '',
      materials: [newLine({ name: '身份证复印件', copies: '0' }), newLine({ name: ' ', note: '正反面' })],
      fee: '3.333',
      durationMinutes: '2',
      bookAheadDays: '一周',
      eligibility: 'groups',
      eligibleGroups: [],
    }))
    expect(errors).toEqual({
      name: '服务名称至少2个字',
      department: '办理部门或窗口至少2个字',
      'materials.0.copies': '份数不能小于1',
      'materials.1.name': '请填写材料名称',
      fee: '费用最多保留两位小数（精确到分）',
      durationMinutes: '办理时长（分钟）不能小于5',
      bookAheadDays: '可提前预约天数须为整数',
      eligibleGroups: '请至少选择一类人群',
    })
  })

  it('lets the sort order be left empty (the detail view does not carry it)', () => {
    expect(validateServiceForm(filled({ sortOrder: '' }))).toEqual({})
    expect(validateServiceForm(filled({ sortOrder: '99999' }))).toEqual({ sortOrder: '排序不能大于10000' })
  })
})

describe('request bodies', () => {
  it('builds POST /services: fee in fen, materials without empty notes or copies, groups only when limited to them', () => {
    const form = filled({
      description: '  需本人到场  ',
      materials: [newLine({ name: ' 户口本原件 ' }), newLine({ name: '身份证复印件', note: '正反面', copies: '2' })],
      fee: '12.5',
      eligibility: 'community',
      eligibleGroups: ['elderly_alone'],
      requiresConfirmation: true,
    })
    expect(toCreateInput(form, 3)).toEqual({
      communityId: 3,
      name: '居住证办理',
      department: '一楼综合窗口',
      description: '需本人到场',
      materials: [{ name: '户口本原件' }, { name: '身份证复印件', note: '正反面', copies: 2 }],
      durationMinutes: 30,
      eligibility: 'community',
      eligibleGroups: [],
      feeFen: 1250,
      bookAheadDays: 14,
      minNoticeMinutes: 60,
      freeCancelHours: 2,
      requiresConfirmation: true,
      homeService: false,
      sortOrder: 0,
    })
  })

  it('builds PATCH /services/:id with the version read and the 上架 state, leaving an unknown sort order alone', () => {
    const form = formFromService(serviceDetail({ feeFen: 1205, eligibility: 'groups', eligibleGroups: ['disabled'] }))
    expect(form.fee).toBe('12.05')
    expect(form.materials.map((m) => [m.name, m.note, m.copies])).toEqual([['户口本原件', '', ''], ['身份证复印件', '正反面', '2']])
    const body = toUpdateInput({ ...form, active: false }, 4)
    expect(body).toMatchObject({ version: 4, active: false, feeFen: 1205, eligibility: 'groups', eligibleGroups: ['disabled'] })
    expect(body.materials).toEqual([{ name: '户口本原件' }, { name: '身份证复印件', note: '正反面', copies: 2 }])
    expect(body).not.toHaveProperty('sortOrder')
  })
})

describe('serviceFieldOf', () => {
  it('maps the API field names onto the form', () => {
    expect(serviceFieldOf('body.materials.2.note')).toBe('materials.2.note')
    expect(serviceFieldOf('materials')).toBe('materials')
    expect(serviceFieldOf('feeFen')).toBe('fee')
    expect(serviceFieldOf('body.name')).toBe('name')
    expect(serviceFieldOf('version')).toBeUndefined()
  })
})

describe('moveLine', () => {
  it('moves a line up and down and leaves the ends alone', () => {
    const lines = ['a', 'b', 'c'].map((name) => newLine({ name }))
    const names = (ls: typeof lines) => ls.map((l) => l.name).join('')
    expect(names(moveLine(lines, 2, -1))).toBe('acb')
    expect(names(moveLine(lines, 0, 1))).toBe('bac')
    expect(moveLine(lines, 0, -1)).toBe(lines)
    expect(moveLine(lines, 2, 1)).toBe(lines)
  })
})
