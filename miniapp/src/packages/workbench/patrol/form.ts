import type { CreateReportInput } from '../../../services/reports'

/** Where a patrol found the problem: a building of the worker's grid, or a point on the map. */
export type PatrolPlace =
  | { kind: 'building'; buildingId: number; label: string }
  | { kind: 'point'; lat: number; lng: number; address: string; label: string }

export type PatrolForm = { gridId?: number; categoryId?: number; description: string; photoIds: number[]; place?: PatrolPlace }
export type PatrolErrors = Partial<Record<'gridId' | 'categoryId' | 'location' | 'description' | 'photos', string>>

/**
 * What only the form can know is missing (a choice not made). Lengths and photo limits are the
 * API's to check: its field messages are shown under the same fields.
 */
export function missingChoices(form: PatrolForm): PatrolErrors {
  const errors: PatrolErrors = {}
  if (!form.gridId) errors.gridId = '请选择网格'
  if (!form.categoryId) errors.categoryId = '请选择问题类别'
  if (!form.place) errors.location = '请选择问题位置'
  if (!form.description.trim()) errors.description = '请描述发现的问题'
  return errors
}

/** The report a patrol files: already accepted by the worker, in their own grid (the API checks). */
export function toPatrolInput(form: PatrolForm): CreateReportInput {
  const place = form.place!
  return {
    categoryId: form.categoryId!,
    description: form.description.trim(),
    photos: form.photoIds.length ? form.photoIds : undefined,
    location: place.kind === 'building' ? { buildingId: place.buildingId } : { lat: place.lat, lng: place.lng, address: place.address || undefined },
    patrol: true,
  }
}

/** Maps the API's field names (`body.location.lat`, `photos.2`) onto the form's fields. */
export function patrolFieldOf(apiField: string): keyof PatrolErrors | undefined {
  const head = apiField.replace(/^body\./, '').split('.')[0]
  if (head === 'categoryId' || head === 'description' || head === 'photos' || head === 'location') return head
  if (head === 'patrol') return 'gridId'
  return undefined
}
