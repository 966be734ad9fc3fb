import sharp from 'sharp'
import type { Client, Res } from './client.ts'
import type { TestServer } from './server.ts'

let colour = 0

/** Uploads a small, distinct PNG as the client's user and returns its upload id. */
export async function uploadPhoto(srv: TestServer, who: Client): Promise<number> {
  colour = (colour + 37) % 256
  const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: { r: colour, g: 90, b: 200 } } }).png().toBuffer()
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'photo.png')
  const res = await fetch(`${srv.baseUrl}/api/v1/uploads`, { method: 'POST', body: form, headers: { authorization: `Bearer ${who.token}` } })
  const body = (await res.json()) as { data: { id: number } }
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(body)}`)
  return body.data.id
}

/** The demo category id of a code (water_power, sanitation, facility, safety, dispute, property, city_mgmt, other). */
export async function categoryId(srv: TestServer, code: string): Promise<number> {
  return (await srv.deps.db.reportCategory.findUniqueOrThrow({ where: { code } })).id
}

/** The approved household of a demo resident. */
export async function homeOf(srv: TestServer, username: string) {
  const b = await srv.deps.db.householdBinding.findFirstOrThrow({
    where: { user: { username }, status: 'approved' },
    include: { household: { include: { building: true } } },
  })
  return b.household
}

/** Files a report; `key` sets the Idempotency-Key. */
export function fileReport(who: Client, body: Record<string, unknown>, key?: string): Promise<Res> {
  return who.post('/api/v1/reports', body, key ? { 'Idempotency-Key': key } : undefined)
}

/** The ids of a user's staff-side report messages of one kind (for "who was told"). */
export async function messagedUsers(srv: TestServer, reportId: number, kind: string): Promise<string[]> {
  const rows = await srv.deps.db.message.findMany({
    where: { resourceType: 'report', resourceId: { startsWith: `${reportId}:` }, kind },
    select: { user: { select: { username: true } } },
  })
  return rows.map((r) => r.user.username ?? '').sort()
}
