import type { CreateVisitInput, VisitKind } from '../../../services/workbench'

export type VisitForm = { householdId?: number; householdLabel?: string; visitedOn: string; kind: VisitKind; notes: string; followUps: string }
export type VisitErrors = Partial<Record<'householdId' | 'visitedOn' | 'kind' | 'notes' | 'followUps', string>>

/** A fresh form: today (Asia/Shanghai), a door visit, optionally for a household already chosen. */
export function emptyVisit(today: string, household?: { id: number; address: string }): VisitForm {
  return { householdId: household?.id, householdLabel: household?.address, visitedOn: today, kind: 'door', notes: '', followUps: '' }
}

/** What the form itself can tell is missing or wrong; lengths are the API's to check. */
export function visitProblems(form: VisitForm, today: string): VisitErrors {
  const errors: VisitErrors = {}
  if (!form.householdId) errors.householdId = '请选择走访的房屋'
  if (!form.visitedOn) errors.visitedOn = '请选择走访日期'
  else if (form.visitedOn > today) errors.visitedOn = '走访日期不能晚于今天'
  if (!form.notes.trim()) errors.notes = '请填写走访记录'
  return errors
}

/** The visit as the API takes it (后续事项 left out when empty). */
export function toVisitInput(form: VisitForm): CreateVisitInput {
  const followUps = form.followUps.trim()
  return { householdId: form.householdId!, visitedOn: form.visitedOn, kind: form.kind, notes: form.notes.trim(), ...(followUps ? { followUps } : {}) }
}

/** Maps the API's field names (`body.notes`) onto the form's fields. */
export function visitFieldOf(apiField: string): keyof VisitErrors | undefined {
  const head = apiField.replace(/^body\./, '').split('.')[0]
  return (['householdId', 'visitedOn', 'kind', 'notes', 'followUps'] as const).find((f) => f === head)
}
