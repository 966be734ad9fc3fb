import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { readNoticeRow } from '../src/modules/notices/notice.read.ts'
import { noticeInclude } from '../src/modules/notices/notice.service.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

/**
 * The resident's detail page reads a notice with one raw query (notice.read.ts) instead of the
 * Prisma include the write paths use. Both must describe the same notice, field for field.
 */
describe('readNoticeRow agrees with the Prisma load', () => {
  const fx = useFixture(async () => {
    const srv = await startTestServer()
    const committee = await srv.as('committee1')
    return { srv, committee }
  })

  const upload = async (width: number, height: number) => {
    const owner = await fx.srv.deps.db.user.findUniqueOrThrow({ where: { username: 'committee1' } })
    return fx.srv.deps.db.upload.create({
      data: { ownerId: owner.id, storageKey: `${randomBytes(16).toString('hex')}.png`, contentType: 'image/png', byteSize: 10, width, height, sha256: randomBytes(32) },
    })
  }

  const prismaView = async (id: number) => {
    const n = await fx.srv.deps.db.notice.findUniqueOrThrow({ where: { id }, include: noticeInclude })
    const grids = await fx.srv.deps.db.grid.findMany({ where: { id: { in: n.targets.map((t) => t.gridId).filter((x): x is number => x !== null) } } })
    const buildings = await fx.srv.deps.db.building.findMany({ where: { id: { in: n.targets.map((t) => t.buildingId).filter((x): x is number => x !== null) } } })
    const names = new Map([...grids.map((g) => [`g:${g.id}`, g.name] as const), ...buildings.map((b) => [`b:${b.id}`, `${b.estate} ${b.name}`] as const)])
    const { id: _id, streetId, communityId, title, bodyHtml, summary, category, importance, targetType, status, publishAt, publishedAt, pinnedUntil, expiresAt, withdrawnAt, withdrawReason, version, community, targets, images, author, _count } = n
    return { row: { id: _id, streetId, communityId, title, bodyHtml, summary, category, importance, targetType, status, publishAt, publishedAt, pinnedUntil, expiresAt, withdrawnAt, withdrawReason, version, community, targets, images, author, _count }, names }
  }

  it('for grid and building targets, images in order, revisions, pins, expiry and withdrawal', async () => {
    const [a, b, c] = [await upload(40, 30), await upload(8, 8), await upload(1200, 800)]
    const grids = fx.srv.demo!.gridIds.slice(0, 3)
    const buildings = await fx.srv.deps.db.building.findMany({ where: { communityId: fx.srv.demo!.communityIds[0] }, take: 4, orderBy: { id: 'desc' } })
    const soon = (ms: number) => new Date(fx.srv.clock.now().getTime() + ms).toISOString()
    const byGrid = (await fx.committee.post('/api/v1/notices', {
      title: '按网格', body: '<p>正文<strong>加粗</strong></p>', importance: 'important', category: 'activity',
      target: { gridIds: grids }, imageIds: [c.id, a.id, b.id], pinnedUntil: soon(3600_000), expiresAt: soon(86_400_000),
    })).body.data
    await fx.committee.request('PATCH', `/api/v1/notices/${byGrid.id}`, { version: byGrid.version, title: '按网格（已修改）' })
    const byBuilding = (await fx.committee.post('/api/v1/notices', {
      title: '按楼栋', body: '楼栋通知', importance: 'normal', target: { buildingIds: buildings.map((x) => x.id) }, publishAt: soon(7200_000),
    })).body.data
    const whole = (await fx.committee.post('/api/v1/notices', { title: '全社区', body: '全社区通知', importance: 'normal', target: { communityId: fx.srv.demo!.communityIds[0] } })).body.data
    await fx.committee.post(`/api/v1/notices/${whole.id}/withdraw`, { reason: '内容有误' })
    const draft = (await fx.committee.post('/api/v1/notices', { title: '草稿', body: '草稿', importance: 'normal', mode: 'draft', target: { communityId: fx.srv.demo!.communityIds[0] } })).body.data

    for (const id of [byGrid.id, byBuilding.id, whole.id, draft.id]) {
      const fast = await readNoticeRow(fx.srv.deps.sql, id)
      expect(fast).toEqual(await prismaView(id))
    }
    const fast = (await readNoticeRow(fx.srv.deps.sql, byGrid.id))!
    expect(fast.row.images.map((i) => i.upload.id)).toEqual([c.id, a.id, b.id])
    expect(fast.row._count.revisions).toBe(1)
    expect(fast.names.size).toBe(3)
    expect(await readNoticeRow(fx.srv.deps.sql, 999_999_999)).toBeNull()
  })
})
