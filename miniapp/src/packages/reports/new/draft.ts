import type { CreateReportInput, NearbyQueryInput, ReportLocationInput } from '../../../services/reports'

/** Where the resident says the problem is, with the words shown for it. */
export type PlaceChoice =
  | { kind: 'household'; householdId: number; label: string }
  | { kind: 'building'; buildingId: number; label: string }
  | { kind: 'point'; lat: number; lng: number; address: string; label: string }

/** The form as the resident fills it in. */
export type ReportDraft = {
  categoryId?: number
  description: string
  photos: { id: number; url: string }[]
  place?: PlaceChoice
  anonymousToPublic: boolean
}

/** The API's limits on the description (report.schema.ts CreateReportBody). */
export const DESCRIPTION_MIN = 5
export const DESCRIPTION_MAX = 1000

/** The location as the API takes it. */
export function locationInput(place: PlaceChoice): ReportLocationInput {
  if (place.kind === 'household') return { householdId: place.householdId }
  if (place.kind === 'building') return { buildingId: place.buildingId }
  return place.address ? { lat: place.lat, lng: place.lng, address: place.address.slice(0, 255) } : { lat: place.lat, lng: place.lng }
}

/** The query of GET /reports/nearby for a category at a place. */
export function nearbyQuery(categoryId: number, place: PlaceChoice): NearbyQueryInput {
  if (place.kind === 'household') return { categoryId, householdId: place.householdId }
  if (place.kind === 'building') return { categoryId, buildingId: place.buildingId }
  return { categoryId, lat: place.lat, lng: place.lng }
}

/** One string per (category, place): nearby reports are offered once for each. */
export function nearbyKey(categoryId: number, place: PlaceChoice): string {
  return JSON.stringify(nearbyQuery(categoryId, place))
}

/** What is missing or wrong, per field, before anything is sent (empty when the draft can go). */
export function draftErrors(d: ReportDraft): Record<string, string> {
  const errors: Record<string, string> = {}
  if (!d.categoryId) errors.categoryId = '请选择问题类别'
  const text = d.description.trim()
  if (text.length < DESCRIPTION_MIN) errors.description = `问题描述至少${DESCRIPTION_MIN}个字`
  else if (text.length > DESCRIPTION_MAX) errors.description = `问题描述不能超过${DESCRIPTION_MAX}个字`
  if (!d.place) errors.location = '请选择问题所在的位置'
  return errors
}

/** The request body of a complete draft (call draftErrors first). */
export function createInput(d: ReportDraft): CreateReportInput {
  return {
    categoryId: d.categoryId!,
    description: d.description.trim(),
    photos: d.photos.length ? d.photos.map((p) => p.id) : undefined,
    location: locationInput(d.place!),
    anonymousToPublic: d.anonymousToPublic,
  }
}
