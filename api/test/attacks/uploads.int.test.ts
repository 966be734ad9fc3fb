import { deflateSync } from 'node:zlib'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { deleteUnattachedUploads } from '../../src/jobs/housekeeping.ts'
import { decodeSlots } from '../../src/modules/uploads/upload.service.ts'
import { Client, fieldsOf, type Res } from '../support/client.ts'
import { createStaff } from '../support/factories.ts'
import { useFixture } from '../support/fixture.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

/**
 * Uploads as an attacker uses them: many at once past the daily quota, a few bytes declaring
 * tens of megapixels, parallel decodes, and reading files that are not theirs to read (not yet
 * attached, in a draft, withdrawn) with no token, another user's token, or a forged signature.
 */

async function upload(srv: TestServer, token: string | undefined, data: Buffer, type = 'image/png'): Promise<Res> {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(data)], { type }), 'photo')
  const res = await fetch(`${srv.baseUrl}/api/v1/uploads`, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} })
  return { status: res.status, body: await res.json(), headers: res.headers }
}

const png = (width: number, height: number, background = '#3a7') =>
  sharp({ create: { width, height, channels: 3, background } }).png().toBuffer()

/** GET of a file path: its status (the body is drained). */
async function fetchFile(srv: TestServer, path: string, token?: string): Promise<{ status: number; cacheControl: string | null }> {
  const res = await fetch(srv.baseUrl + path, { headers: token ? { authorization: `Bearer ${token}` } : {} })
  await res.arrayBuffer()
  return { status: res.status, cacheControl: res.headers.get('cache-control') }
}

function crc32(buf: Buffer): number {
  let crc = 0xffffffff
  for (const byte of buf) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const out = Buffer.alloc(body.length + 8)
  out.writeUInt32BE(data.length, 0)
  body.copy(out, 4)
  out.writeUInt32BE(crc32(body), body.length + 4)
  return out
}

/** A valid PNG of one colour whose header declares width × height: tiny on the wire, huge decoded. */
function pngBomb(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 0 // greyscale
  const pixels = deflateSync(Buffer.alloc((width + 1) * height), { level: 9 })
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), pngChunk('IHDR', ihdr), pngChunk('IDAT', pixels), pngChunk('IEND', Buffer.alloc(0))])
}

describe('attack: uploads', () => {

  const createNotice = async (imageIds: number[], mode: 'draft' | 'publish') => {
    const r = await t.committee.post('/api/v1/notices', { title: '图片公告', body: '见图', importance: 'normal', target: { communityId: t.community1 }, imageIds, mode })
    if (r.status !== 201) throw new Error(`notice failed: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body.data as { id: number; images: { id: number; url: string }[]; coverUrl: string }
  }

  const t = useFixture(async () => {
    const srv = await startTestServer()
    const api = new Client(srv.baseUrl)
    const committee = await api.login('committee1')
    const resident = await api.login('resident1')
    const community1: number = srv.demo!.communityIds[0]
    return { srv, api, committee, resident, community1 }
  })

  it('parallel uploads past the daily quota: exactly the quota is stored, the rest get 429 until midnight in Shanghai', async () => {
    const limited = await startTestServer({ env: { UPLOAD_DAILY_FILES: '5' } })
    try {
      const uploader = await new Client(limited.baseUrl).login('resident1')
      const image = await png(16, 16)
      const results = await Promise.all(Array.from({ length: 12 }, () => upload(limited, uploader.token, image)))
      expect(results.filter((r) => r.status === 201)).toHaveLength(5)
      const refused = results.filter((r) => r.status !== 201)
      expect(refused.map((r) => [r.status, r.body.error.code])).toEqual(Array(7).fill([429, 'UPLOAD_QUOTA_EXCEEDED']))
      expect(refused[0].body.error.message).toMatch(/^今日上传数量或大小已达上限/)
      expect(refused[0].body.error.details).toMatchObject({ limit: 'dailyFiles', max: 5 })
      const now = limited.clock.now()
      const shanghai = new Date(now.getTime() + 8 * 3600_000)
      const midnight = Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth(), shanghai.getUTCDate() + 1) - 8 * 3600_000
      const retryAfter = Number(refused[0].headers.get('retry-after'))
      expect(Math.abs(retryAfter - (midnight - now.getTime()) / 1000)).toBeLessThan(5)
      const owner = limited.demo!.residentIds.resident1
      expect(await limited.deps.db.upload.count({ where: { ownerId: owner } })).toBe(5)
      expect(await limited.deps.db.uploadQuotaDay.findMany({ where: { userId: owner } })).toMatchObject([{ files: 5 }])
      // The quota is per person: someone else still uploads.
      expect((await upload(limited, (await new Client(limited.baseUrl).login('committee1')).token, image)).status).toBe(201)
    } finally {
      await limited.close()
    }
  })

  it('a small PNG declaring 30 megapixels is refused from its header, before any decode and without using quota', async () => {
    const bomb = pngBomb(6000, 5000)
    expect(bomb.length).toBeLessThan(200_000)
    const slots = decodeSlots(t.srv.config)
    const decodesBefore = slots.runs
    const r = await upload(t.srv, t.resident.token, bomb)
    expect([r.status, r.body.error.code, fieldsOf(r)]).toEqual([422, 'IMAGE_TOO_LARGE', ['file']])
    expect(r.body.error.message).toContain('2500 万像素')
    expect(slots.runs).toBe(decodesBefore)
    expect(await t.srv.deps.db.upload.count({ where: { ownerId: t.srv.demo!.residentIds.resident1 } })).toBe(0)
    expect(await t.srv.deps.db.uploadQuotaDay.count({ where: { userId: t.srv.demo!.residentIds.resident1, files: { gt: 0 } } })).toBe(0)
  })

  it('parallel uploads never decode more than two images at once', async () => {
    const image = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg({ quality: 80 }).toBuffer()
    const slots = decodeSlots(t.srv.config)
    const results = await Promise.all(Array.from({ length: 6 }, () => upload(t.srv, t.committee.token, image, 'image/jpeg')))
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201))
    expect(slots.peak).toBe(2)
  })

  it('a file not yet attached: 404 for nobody and for another user, 200 for its uploader by token and by signed URL; 404 once the signature is forged or expired', async () => {
    const mine = (await upload(t.srv, t.resident.token, await png(8, 8))).body.data as { url: string; path: string }
    expect(mine.url).toMatch(/^\/api\/v1\/files\/[a-f0-9]{32}\.png\?t=\d+\.[\w-]{22}$/)
    expect(mine.url.startsWith(`${mine.path}?t=`)).toBe(true)
    const other = await t.api.login('resident2')
    expect((await fetchFile(t.srv, mine.path)).status).toBe(404)
    expect((await fetchFile(t.srv, mine.path, other.token)).status).toBe(404)
    expect((await fetchFile(t.srv, mine.path, t.committee.token)).status).toBe(404)
    expect((await fetchFile(t.srv, mine.path, 'not-a-token')).status).toBe(404)
    expect(await fetchFile(t.srv, mine.path, t.resident.token)).toEqual({ status: 200, cacheControl: 'private, no-store' })
    expect(await fetchFile(t.srv, mine.url)).toEqual({ status: 200, cacheControl: 'private, no-store' })

    const [, expiry, sig] = /\?t=(\d+)\.([\w-]+)$/.exec(mine.url)!
    const flipped = `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`
    expect((await fetchFile(t.srv, `${mine.path}?t=${expiry}.${flipped}`)).status).toBe(404)
    expect((await fetchFile(t.srv, `${mine.path}?t=${Number(expiry) + 86400}.${sig}`)).status).toBe(404)
    const another = (await upload(t.srv, t.resident.token, await png(9, 9))).body.data as { url: string; path: string }
    expect((await fetchFile(t.srv, `${another.path}?t=${expiry}.${sig}`)).status).toBe(404)
    expect((await fetchFile(t.srv, `${mine.path}?t=../../etc`)).status).toBe(400)

    t.srv.clock.advance((t.srv.config.fileUrlTtlSeconds + 1) * 1000)
    expect((await fetchFile(t.srv, mine.url)).status).toBe(404)
    expect((await fetchFile(t.srv, mine.path, t.resident.token)).status).toBe(200)
  })

  it("a draft notice's image: 404 publicly and to staff of another community, 200 for staff in scope through the signed URL the API gives", async () => {
    const image = (await upload(t.srv, t.committee.token, await png(10, 10, '#f00'))).body.data as { id: number; path: string }
    const draft = await createNotice([image.id], 'draft')
    await createStaff(t.srv.deps.db, 'committee-other', 'committee', { type: 'community', id: t.srv.demo!.communityIds[1] })
    const outsider = await t.srv.as('committee-other')
    expect((await fetchFile(t.srv, image.path)).status).toBe(404)
    expect((await fetchFile(t.srv, image.path, t.resident.token)).status).toBe(404)
    expect((await fetchFile(t.srv, image.path, outsider.token)).status).toBe(404)

    const street = await t.api.login('street1')
    const detail = (await street.get(`/api/v1/notices/${draft.id}`)).body.data
    expect(detail.images[0].url).toMatch(new RegExp(`^${image.path}\\?t=`))
    expect(await fetchFile(t.srv, detail.images[0].url)).toEqual({ status: 200, cacheControl: 'private, no-store' })
    expect((await fetchFile(t.srv, image.path, street.token)).status).toBe(200)
    const manage = (await t.committee.get('/api/v1/notices?box=manage&status=draft&limit=100')).body.data.find((n: { id: number }) => n.id === draft.id)
    expect(manage.coverUrl).toMatch(new RegExp(`^${image.path}\\?t=`))
    expect((await fetchFile(t.srv, manage.coverUrl)).status).toBe(200)
  })

  it("after withdrawal a notice's image is no longer served publicly", async () => {
    const image = (await upload(t.srv, t.committee.token, await png(12, 12, '#00f'))).body.data as { id: number; path: string }
    const published = await createNotice([image.id], 'publish')
    expect(published.images[0].url).toBe(image.path)
    expect(await fetchFile(t.srv, image.path)).toEqual({ status: 200, cacheControl: 'private, max-age=300' })
    expect((await fetchFile(t.srv, image.path, t.resident.token)).status).toBe(200)

    const withdrawn = await t.committee.post(`/api/v1/notices/${published.id}/withdraw`, { reason: '信息有误' })
    expect(withdrawn.status).toBe(200)
    expect((await fetchFile(t.srv, image.path)).status).toBe(404)
    expect((await fetchFile(t.srv, image.path, t.resident.token)).status).toBe(404)
    expect(withdrawn.body.data.images[0].url).toMatch(new RegExp(`^${image.path}\\?t=`))
    expect((await fetchFile(t.srv, withdrawn.body.data.images[0].url)).status).toBe(200)
  })

  it('files never attached are deleted after 24 hours, with their rows; attached ones are kept', async () => {
    const kept = (await upload(t.srv, t.committee.token, await png(5, 5))).body.data as { id: number; path: string }
    const abandoned = (await upload(t.srv, t.committee.token, await png(6, 6))).body.data as { id: number; path: string }
    await createNotice([kept.id], 'draft')
    const key = (path: string) => path.split('/').pop()!

    t.srv.clock.advance(23 * 3600_000)
    await deleteUnattachedUploads(t.srv.deps, t.srv.clock.now())
    expect(await t.srv.deps.db.upload.count({ where: { id: abandoned.id } })).toBe(1)

    t.srv.clock.advance(2 * 3600_000)
    expect(await deleteUnattachedUploads(t.srv.deps, t.srv.clock.now(), 2)).toBeGreaterThanOrEqual(1)
    expect(await t.srv.deps.db.upload.count({ where: { id: abandoned.id } })).toBe(0)
    expect(await t.srv.deps.storage.get(key(abandoned.path))).toBeNull()
    expect((await fetchFile(t.srv, abandoned.path, t.committee.token)).status).toBe(404)
    expect(await t.srv.deps.db.upload.count({ where: { id: kept.id } })).toBe(1)
    expect((await fetchFile(t.srv, kept.path, t.committee.token)).status).toBe(200)
    expect(await t.srv.deps.db.upload.count({ where: { attachedAt: null } })).toBe(0)
  })
})
