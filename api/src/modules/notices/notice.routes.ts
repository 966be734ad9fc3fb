import { z } from 'zod'
import type { Deps } from '../../core/context.ts'
import { requestOrigin } from '../../http/context.ts'
import { ApiRoutes } from '../../http/route.ts'
import { IdParam } from '../../http/schemas.ts'
import { audienceOf, NoticeFeed } from './notice.feed.ts'
import {
  CreateNoticeBody, NoticeDetailView, NoticeListQuery, NoticeManageView, NoticeRevisionView, NoticeSummaryView, PublishBody, ReadsQuery, ReadsView,
  RevisionsQuery, UpdateNoticeBody, WithdrawBody,
} from './notice.schema.ts'
import {
  createNotice, getNotice, listManagedNotices, noticeRevisions, publishNotice, updateNotice, withdrawNotice,
} from './notice.service.ts'
import { noticeReads } from './notice.reads.ts'

const tags = ['公告 notices']

/** Community notices: the readers' feed, the writers' desk, edit history and read receipts. */
export function noticeRoutes(deps: Deps) {
  const r = new ApiRoutes('/api/v1')
  const feed = new NoticeFeed(deps.sql)

  r.get('/notices', {
    summary: '公告列表：box=feed 为我应阅读的公告（置顶在前），box=manage 为本社区全部公告（工作人员）',
    tags, query: NoticeListQuery, response: z.array(z.union([NoticeManageView, NoticeSummaryView])), paginated: true,
  }, async (ctx, { actor, query }) => {
    if (query.box === 'manage') {
      const { items, page } = await listManagedNotices(ctx.deps, actor, query)
      return { data: items, page }
    }
    return feed.page(await audienceOf(ctx.deps.db, actor), query, ctx.deps.now())
  })

  r.post('/notices', { summary: '新建公告（草稿，或 mode=publish 立即/定时发布）', tags, body: CreateNoticeBody, response: NoticeDetailView, status: 201, idempotent: true },
    async (ctx, { actor, body, unitOfWork }) => ({ data: await createNotice(ctx.deps, actor, body, requestOrigin(ctx), unitOfWork) }))

  r.get('/notices/:id', { summary: '公告详情（重要公告记录已读）', tags, params: IdParam, response: NoticeDetailView },
    async (ctx, { actor, params }) => ({ data: await getNotice(ctx.deps, actor, params.id) }))

  r.patch('/notices/:id', { summary: '编辑公告（须带 version；已发布的修改保留历史版本）', tags, params: IdParam, body: UpdateNoticeBody, response: NoticeDetailView },
    async (ctx, { actor, params, body }) => ({ data: await updateNotice(ctx.deps, actor, params.id, body, requestOrigin(ctx)) }))

  r.post('/notices/:id/publish', { summary: '发布（立即，或 publishAt 定时）', tags, params: IdParam, body: PublishBody, response: NoticeDetailView },
    async (ctx, { actor, params, body }) => ({ data: await publishNotice(ctx.deps, actor, params.id, body.publishAt, requestOrigin(ctx)) }))

  r.post('/notices/:id/withdraw', { summary: '撤回公告', tags, params: IdParam, body: WithdrawBody, response: NoticeDetailView },
    async (ctx, { actor, params, body }) => ({ data: await withdrawNotice(ctx.deps, actor, params.id, body.reason, requestOrigin(ctx)) }))

  r.get('/notices/:id/reads', { summary: '重要公告的阅读情况（按网格；带 gridId 时列出未读住户）', tags, params: IdParam, query: ReadsQuery, response: ReadsView },
    async (ctx, { actor, params, query }) => ({ data: await noticeReads(ctx.deps, actor, params.id, query.gridId) }))

  r.get('/notices/:id/revisions', {
    summary: '修改记录：每次编辑前的完整版本，最新在前（本社区/本街道的公告管理者）',
    tags, params: IdParam, query: RevisionsQuery, response: z.array(NoticeRevisionView), paginated: true,
  }, async (ctx, { actor, params, query }) => {
    const { items, page } = await noticeRevisions(ctx.deps, actor, params.id, query)
    return { data: items, page }
  })

  return r
}
