import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import { AppError, invalid, type FieldIssue } from '../../core/errors.ts'
import { parseInput } from '../../core/validate.ts'
import { CreateReportBody } from '../reports/report.schema.ts'
import { submitReport } from '../reports/report.submit.ts'
import type { Open311Client } from './open311.keys.ts'
import { presentCreated, requestSelect } from './open311.presenter.ts'
import type { PostRequestInput } from './open311.schema.ts'

/** 400 naming several spec fields at once (e.g. both halves of a missing coordinate). */
const invalidFields = (fields: FieldIssue[]) =>
  new AppError(400, 'VALIDATION_FAILED', fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields })

type Where = 'point' | 'building'

/** Our location, from the spec's: a building (address_id) first, else the coordinates. */
function locationOf(f: PostRequestInput): { where: Where; location: { buildingId: number } | { lat: number; lng: number; address?: string } } {
  if (f.address_id) return { where: 'building', location: { buildingId: Number(f.address_id) } }
  if (f.lat !== undefined && f.long !== undefined) {
    return { where: 'point', location: { lat: f.lat, lng: f.long, ...(f.address_string ? { address: f.address_string } : {}) } }
  }
  if (f.lat !== undefined || f.long !== undefined) {
    throw invalid(f.lat === undefined ? 'lat' : 'long', 'lat 和 long 须同时提供')
  }
  if (f.address_string) {
    throw invalid('address_string', '仅凭地址文字无法派发到网格，请同时提供 lat/long（坐标）或 address_id（楼栋编号）')
  }
  throw invalidFields([
    { field: 'lat', message: '缺少位置：请提供 lat 和 long，或 address_id（楼栋编号）' },
    { field: 'long', message: '缺少位置：请提供 lat 和 long，或 address_id（楼栋编号）' },
  ])
}

/** Our field names (CreateReportBody and the dispatch's errors) in the spec's terms. */
function specField(field: string, where: Where): string {
  if (field === 'categoryId') return 'service_code'
  if (field === 'description') return 'description'
  if (field.startsWith('photos')) return 'media_url'
  if (field === 'location.address') return 'address_string'
  if (field === 'location.lng') return 'long'
  if (field === 'location.lat') return 'lat'
  if (field.startsWith('location')) return where === 'building' ? 'address_id' : 'lat'
  return field
}

/** Renames the fields of a 400/422 from the report service; any other error passes as it is. */
function inSpecTerms(err: unknown, where: Where): unknown {
  if (!(err instanceof AppError) || (err.status !== 400 && err.status !== 422)) return err
  const fields = (err.details as { fields?: FieldIssue[] } | undefined)?.fields
  if (!fields?.length) return new AppError(400, err.code, err.message)
  return invalidFields(fields.map((f) => ({ field: specField(f.field, where), message: f.message })))
}

/**
 * POST requests: a report filed by an Open311 client, routed like any other (grid, assignee,
 * deadlines, messages) by the report service. Only places in the client's community are taken.
 * Contact fields (email, phone, names, device and account ids) are validated for size and then
 * dropped: we keep no personal data of people we cannot identify. media_url is never fetched.
 */
export async function createRequest(deps: Deps, client: Open311Client, f: PostRequestInput, origin: AuditOrigin) {
  const category = await deps.db.reportCategory.findFirst({ where: { code: f.service_code, active: true }, select: { id: true } })
  if (!category) throw invalid('service_code', `没有这个服务：${f.service_code}（见 services.json）`)
  const { where, location } = locationOf(f)
  if ('buildingId' in location) {
    const b = await deps.db.building.findUnique({ where: { id: location.buildingId }, select: { communityId: true } })
    if (!b) throw invalid('address_id', '没有这个楼栋')
    if (b.communityId !== client.communityId) throw invalid('address_id', '该楼栋不在本密钥所属社区')
  }
  let input
  try {
    input = parseInput(CreateReportBody, { categoryId: category.id, description: f.description, location, photos: [], anonymousToPublic: true }, 'body')
  } catch (err) {
    throw inSpecTerms(err, where)
  }
  const submitter = { kind: 'open311' as const, clientId: client.id, communityId: client.communityId }
  const id = await deps.db.$transaction(async (tx) => {
    const created = await submitReport(deps, submitter, input, origin, (effect) => effect(tx)).catch((err: unknown) => {
      throw inSpecTerms(err, where)
    })
    // The report service checks the community itself; this keeps the promise if that ever changes.
    const placed = await tx.report.findUniqueOrThrow({ where: { id: created.id }, select: { communityId: true } })
    if (placed.communityId !== client.communityId) throw invalid(where === 'building' ? 'address_id' : 'lat', '该位置不在本密钥所属社区的范围内')
    await audit(tx, {
      action: 'open311.request.create', resourceType: 'report', resourceId: created.id, result: 'success', details: { open311ClientId: client.id },
    }, origin)
    return created.id
  })
  const row = await deps.db.report.findUniqueOrThrow({ where: { id }, select: requestSelect })
  return [presentCreated(row)]
}
