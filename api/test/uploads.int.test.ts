import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deleteOldUploadQuotas } from '../src/jobs/housekeeping.ts'
import { decodeSlots } from '../src/modules/uploads/upload.service.ts'
import { Client, fieldsOf, type Res } from './support/client.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer, type TestServer } from './support/server.ts'

async function upload(srv: TestServer, token: string | undefined, data: Buffer, filename = 'photo.jpg', type = 'image/jpeg'): Promise<Res> {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(data)], { type }), filename)
  const res = await fetch(`${srv.baseUrl}/api/v1/uploads`, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} })
  return { status: res.status, body: await res.json(), headers: res.headers }
}

describe('POST /api/v1/uploads', () => {
  const t = useFixture(async () => {
    const srv = await startTestServer()
    const committee = await new Client(srv.baseUrl).login('committee1')
    return { srv, committee }
  })

  it('stores a JPEG without its EXIF/GPS metadata, applying its orientation', async () => {
    const withExif = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#3a7' } })
      .jpeg()
      .withMetadata({ orientation: 6, exif: { IFD0: { Make: 'PhoneMaker', Model: 'X1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '32/1 3/1 0/1' } } })
      .toBuffer()
    expect((await sharp(withExif).metadata()).exif).toBeDefined()
    const r = await upload(t.srv, t.committee.token, withExif)
    expect(r.status).toBe(201)
    expect(r.body.data).toMatchObject({ contentType: 'image/jpeg', width: 20, height: 40 })
    const file = await fetch(t.srv.baseUrl + r.body.data.url)
    expect(file.headers.get('content-type')).toBe('image/jpeg')
    expect(file.headers.get('cache-control')).toBe('private, no-store')
    const stored = Buffer.from(await file.arrayBuffer())
    const meta = await sharp(stored).metadata()
    expect(meta.exif).toBeUndefined()
    expect(stored.toString('latin1')).not.toContain('PhoneMaker')
  })

  it('accepts PNG and WebP, checked by content', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 4, background: '#fff' } }).png().toBuffer()
    const webp = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).webp().toBuffer()
    expect((await upload(t.srv, t.committee.token, png, 'a.jpg', 'image/jpeg')).body.data.contentType).toBe('image/png')
    expect((await upload(t.srv, t.committee.token, webp, 'b.png', 'image/png')).body.data.contentType).toBe('image/webp')
  })

  it('refuses a renamed .exe, a GIF, a corrupt image, a file over 5 MB and an empty form', async () => {
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(1000, 1)])
    const renamed = await upload(t.srv, t.committee.token, exe, 'holiday.jpg', 'image/jpeg')
    expect([renamed.status, renamed.body.error.code, fieldsOf(renamed)]).toEqual([415, 'UNSUPPORTED_FILE_TYPE', ['file']])
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')
    expect((await upload(t.srv, t.committee.token, gif, 'a.gif', 'image/gif')).status).toBe(415)
    const corrupt = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)])
    expect((await upload(t.srv, t.committee.token, corrupt)).body.error.code).toBe('INVALID_IMAGE')
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(5 * 1024 * 1024 + 10, 1)])
    const tooBig = await upload(t.srv, t.committee.token, big)
    expect([tooBig.status, fieldsOf(tooBig)]).toEqual([413, ['file']])
    const empty = await fetch(`${t.srv.baseUrl}/api/v1/uploads`, { method: 'POST', body: new FormData(), headers: { authorization: `Bearer ${t.committee.token}` } })
    expect(empty.status).toBe(400)
    expect(await t.srv.deps.db.upload.count({ where: { contentType: { not: 'image/jpeg' } } })).toBe(2)
  })

  it('401 without a token; 415 for a body that is not multipart', async () => {
    const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#fff' } }).png().toBuffer()
    expect((await upload(t.srv, undefined, png)).status).toBe(401)
    const json = await t.committee.post('/api/v1/uploads', { file: 'x' })
    expect(json.status).toBe(415)
  })

  it('serves only well-formed keys that exist', async () => {
    const api = new Client(t.srv.baseUrl)
    expect((await api.get('/api/v1/files/..%2F..%2Fetc%2Fpasswd')).status).toBe(400)
    expect((await api.get(`/api/v1/files/${'0'.repeat(32)}.jpg`)).status).toBe(404)
  })

  it("a notice may only use the author's own uploads", async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#f00' } }).png().toBuffer()
    const mine = (await upload(t.srv, t.committee.token, png)).body.data
    const other = await new Client(t.srv.baseUrl).login('street1')
    const r = await other.post('/api/v1/notices', {
      title: '图片公告', body: '见图', importance: 'normal', target: { communityId: t.srv.demo!.communityIds[0] }, imageIds: [mine.id],
    })
    expect([r.status, fieldsOf(r)]).toEqual([400, ['imageIds']])
    const ok = await t.committee.post('/api/v1/notices', {
      title: '图片公告', body: `<p>见图</p><img src="${mine.path}"><img src="${mine.url}">`, importance: 'normal', target: { communityId: t.srv.demo!.communityIds[0] }, imageIds: [mine.id], mode: 'publish',
    })
    expect(ok.status).toBe(201)
    expect(ok.body.data.images).toEqual([{ id: mine.id, url: mine.path, width: 4, height: 4 }])
    expect(ok.body.data.bodyHtml).toBe(`<p>见图</p><img src="${mine.path}" />`)
    const pictureOnly = await t.committee.post('/api/v1/notices', {
      title: '图片公告', importance: 'normal', target: { communityId: t.srv.demo!.communityIds[0] }, imageIds: [mine.id],
    })
    expect(pictureOnly.status).toBe(201)
    const nothing = await t.committee.post('/api/v1/notices', { title: '空公告', body: '  ', importance: 'normal', target: { communityId: t.srv.demo!.communityIds[0] } })
    expect([nothing.status, fieldsOf(nothing)]).toEqual([400, ['body']])
    const feed = await (await new Client(t.srv.baseUrl).login('resident1')).get('/api/v1/notices')
    expect(feed.body.data.find((n: { id: number }) => n.id === ok.body.data.id).coverUrl).toBe(mine.path)
  })

  it('creating a notice, even a draft, marks its images attached; an edit attaches the ones it adds', async () => {
    const image = async (colour: string) => (await upload(t.srv, t.committee.token, await sharp({ create: { width: 3, height: 3, channels: 3, background: colour } }).png().toBuffer())).body.data
    const [a, b] = [await image('#123'), await image('#456')]
    const attachedAt = async (id: number) => (await t.srv.deps.db.upload.findUniqueOrThrow({ where: { id } })).attachedAt
    expect(await attachedAt(a.id)).toBeNull()
    const draft = await t.committee.post('/api/v1/notices', { title: '附图草稿', body: '见图', importance: 'normal', target: { communityId: t.srv.demo!.communityIds[0] }, imageIds: [a.id] })
    expect(draft.status).toBe(201)
    const first = await attachedAt(a.id)
    expect(first).toBeInstanceOf(Date)
    expect(await attachedAt(b.id)).toBeNull()
    const edited = await t.committee.request('PATCH', `/api/v1/notices/${draft.body.data.id}`, { version: draft.body.data.version, imageIds: [b.id, a.id] })
    expect(edited.status).toBe(200)
    expect(await attachedAt(b.id)).toBeInstanceOf(Date)
    expect(await attachedAt(a.id)).toEqual(first)
  })

  it('an upload deleted while a notice attaches it is a 400 on imageIds, never a notice pointing at a missing file', async () => {
    const png = await sharp({ create: { width: 3, height: 3, channels: 3, background: '#789' } }).png().toBuffer()
    const image = (await upload(t.srv, t.committee.token, png)).body.data
    const conn = await t.srv.deps.sql.getConnection()
    try {
      // Housekeeping's batch holds the row: the notice's transaction waits for it, then finds it gone.
      await conn.beginTransaction()
      await conn.query('SELECT id FROM uploads WHERE id = ? FOR UPDATE', [image.id])
      const pending = t.committee.post('/api/v1/notices', { title: '竞态公告', body: '见图', importance: 'normal', target: { communityId: t.srv.demo!.communityIds[0] }, imageIds: [image.id] })
      await new Promise((resolve) => setTimeout(resolve, 500))
      await conn.query('DELETE FROM uploads WHERE id = ?', [image.id])
      await conn.commit()
      const r = await pending
      expect([r.status, fieldsOf(r)]).toEqual([400, ['imageIds']])
    } finally {
      conn.release()
    }
    expect(await t.srv.deps.db.notice.count({ where: { title: '竞态公告' } })).toBe(0)
  })

  it('deletes upload quotas of days before yesterday (Asia/Shanghai)', async () => {
    const userId = t.srv.demo!.residentIds.resident1
    const day = (d: string) => new Date(`${d}T00:00:00Z`)
    await t.srv.deps.db.uploadQuotaDay.createMany({ data: ['2026-11-27', '2026-11-28', '2026-11-29'].map((d) => ({ userId, day: day(d), files: 1, bytes: 10 })) })
    // 2026-11-29 16:30 UTC is 2026-11-30 00:30 in Shanghai: yesterday there is the 29th.
    expect(await deleteOldUploadQuotas(t.srv.deps.sql, new Date('2026-11-29T16:30:00Z'), 1)).toBe(2)
    expect((await t.srv.deps.db.uploadQuotaDay.findMany({ where: { userId } })).map((q) => q.day.toISOString().slice(0, 10))).toEqual(['2026-11-29'])
    await t.srv.deps.db.uploadQuotaDay.deleteMany({ where: { userId } })
  })
})

describe('daily upload quota', () => {
  let srv: TestServer
  let resident: Client
  let image: Buffer
  beforeAll(async () => {
    image = await sharp({ create: { width: 24, height: 24, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer()
    srv = await startTestServer({ env: { UPLOAD_DAILY_BYTES: String(Math.floor(image.length * 2.5)) } })
    resident = await new Client(srv.baseUrl).login('resident1')
  })
  afterAll(async () => srv.close())

  it('refuses the file that would pass the daily bytes and names dailyBytes; a refused image gives its share back; the next day starts afresh', async () => {
    const send = () => upload(srv, resident.token, image, 'a.png', 'image/png')
    // A header that reads but pixels that do not: refused after its share was reserved.
    const truncated = image.subarray(0, image.length - 40)
    const decodes = decodeSlots(srv.config).runs
    expect((await upload(srv, resident.token, truncated, 'b.png', 'image/png')).body.error.code).toBe('INVALID_IMAGE')
    expect(decodeSlots(srv.config).runs).toBe(decodes + 1)
    expect([(await send()).status, (await send()).status]).toEqual([201, 201])
    const refused = await send()
    expect([refused.status, refused.body.error.code, refused.body.error.details.limit]).toEqual([429, 'UPLOAD_QUOTA_EXCEEDED', 'dailyBytes'])
    const quota = await srv.deps.db.uploadQuotaDay.findFirstOrThrow({ where: { userId: srv.demo!.residentIds.resident1 } })
    expect([quota.files, Number(quota.bytes)]).toEqual([2, image.length * 2])
    srv.clock.advance(Number(refused.headers.get('retry-after')) * 1000)
    expect((await send()).status).toBe(201)
  })
})
