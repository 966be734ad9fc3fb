import { describe, expect, it } from 'vitest'
import { emptyVisit, toVisitInput, visitFieldOf, visitProblems } from './form'

describe('民情日志 visit form', () => {
  it('starts today with a door visit, for the household chosen from the 五必访 list', () => {
    expect(emptyVisit('2026-12-01', { id: 4, address: '青石苑 1栋 101' })).toEqual({
      householdId: 4, householdLabel: '青石苑 1栋 101', visitedOn: '2026-12-01', kind: 'door', notes: '', followUps: '',
    })
  })

  it('refuses a visit in the future and names what is missing', () => {
    expect(visitProblems({ ...emptyVisit('2026-12-01'), visitedOn: '2026-12-02' }, '2026-12-01')).toEqual({
      householdId: '请选择走访的房屋', visitedOn: '走访日期不能晚于今天', notes: '请填写走访记录',
    })
    expect(visitProblems({ ...emptyVisit('2026-12-01', { id: 4, address: 'x' }), notes: '身体健康' }, '2026-12-01')).toEqual({})
  })

  it('sends follow-ups only when written', () => {
    const base = { ...emptyVisit('2026-12-01', { id: 4, address: 'x' }), kind: 'phone' as const, notes: ' 电话问候 ' }
    expect(toVisitInput(base)).toEqual({ householdId: 4, visitedOn: '2026-12-01', kind: 'phone', notes: '电话问候' })
    expect(toVisitInput({ ...base, followUps: ' 下周送药 ' })).toMatchObject({ followUps: '下周送药' })
  })

  it('maps API field names onto the form', () => {
    expect(visitFieldOf('body.notes')).toBe('notes')
    expect(visitFieldOf('visitedOn')).toBe('visitedOn')
    expect(visitFieldOf('other')).toBeUndefined()
  })
})
