import { z } from 'zod'
import { requestOrigin } from '../../http/context.ts'
import { ApiRoutes } from '../../http/route.ts'
import { IdParam } from '../../http/schemas.ts'
import { AdminCategoryView, CreateCategoryBody, UpdateCategoryBody } from './category.schema.ts'
import { createCategory, listActiveCategories, listAllCategories, updateCategory } from './category.service.ts'
import { CategoryView } from './report.schema.ts'

const tags = ['诉求类别 report categories']

/** Report categories: the list residents choose from, and their configuration by administrators. */
export function categoryRoutes() {
  const r = new ApiRoutes('/api/v1')

  r.get('/report-categories', { summary: '可选的诉求类别（按管理员设定的顺序，含处理时限说明）', tags, response: z.array(CategoryView) },
    async (ctx) => ({ data: await listActiveCategories(ctx.deps) }))

  r.get('/admin/report-categories', { summary: '全部诉求类别，含已停用的（管理员）', tags, response: z.array(AdminCategoryView) },
    async (ctx, { actor }) => ({ data: await listAllCategories(ctx.deps, actor) }))

  r.post('/admin/report-categories', {
    summary: '新建诉求类别（管理员；处理单位为职能部门时须指定部门；办结时限不短于受理时限）',
    tags, body: CreateCategoryBody, response: AdminCategoryView, status: 201, idempotent: true,
  }, async (ctx, { actor, body, unitOfWork }) => ({ data: await createCategory(ctx.deps, actor, body, requestOrigin(ctx), unitOfWork) }))

  r.patch('/admin/report-categories/:id', {
    summary: '修改诉求类别（管理员；类别不删除，停用请设 active=false）', tags, params: IdParam, body: UpdateCategoryBody, response: AdminCategoryView,
  }, async (ctx, { actor, params, body }) => ({ data: await updateCategory(ctx.deps, actor, params.id, body, requestOrigin(ctx)) }))

  return r
}
