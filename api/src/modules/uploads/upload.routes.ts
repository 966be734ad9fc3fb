import type { Actor } from '../../core/actor.ts'
import type { AppContext } from '../../http/context.ts'
import { AppError, notFound } from '../../core/errors.ts'
import { fileUrls, verifyFileToken } from '../../core/fileUrls.ts'
import { ApiRoutes } from '../../http/route.ts'
import { authenticate } from '../../http/middleware/auth.ts'
import { fileAccess } from './upload.access.ts'
import { presentUpload } from './upload.presenter.ts'
import { FileParams, FileQuery, UploadView } from './upload.schema.ts'
import { CONTENT_TYPE_BY_EXT, MAX_UPLOAD_BYTES, readMultipartFile, storeImage } from './upload.service.ts'

const tags = ['上传 uploads']

/** The caller of a request with a valid bearer token, else null (a bad token reads as nobody). */
async function bearerActor(ctx: AppContext): Promise<Actor | null> {
  if (!ctx.get('authorization')) return null
  try {
    await authenticate()(ctx, async () => {})
  } catch (e) {
    if (e instanceof AppError && e.status === 401) return null
    throw e
  }
  return ctx.state.actor ?? null
}

/** Image uploads and the files they become. */
export function uploadRoutes() {
  const r = new ApiRoutes('/api/v1')

  r.post('/uploads', {
    summary: '上传图片（multipart/form-data，字段 file；JPEG/PNG/WebP，≤5 MB，≤2500 万像素，每人每天有数量和大小上限，去除元数据）',
    description: '返回的 url 带签名，仅上传者可在有效期内查看；图片被公告使用并公开后，path 对所有人可见。24 小时内未被使用的图片会被删除。',
    tags, response: UploadView, status: 201, rateLimit: { windowSeconds: 60, max: 60 },
  }, async (ctx, { actor }) => {
    const type = ctx.get('content-type')
    if (!ctx.is('multipart/form-data')) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传，文件字段名为 file')
    if (Number(ctx.get('content-length') || 0) > MAX_UPLOAD_BYTES + 64 * 1024) {
      throw new AppError(413, 'FILE_TOO_LARGE', 'file: 图片不能超过 5 MB', { fields: [{ field: 'file', message: '图片不能超过 5 MB' }] })
    }
    const file = await readMultipartFile(ctx.req, type)
    const upload = await storeImage(ctx.deps, actor, file)
    return { data: presentUpload(upload, fileUrls(ctx.deps.config, upload.createdAt)) }
  })

  r.get('/files/:key', {
    summary: '读取已上传的文件',
    description: '公开公告的图片任何人可读；其余图片须带有效签名（?t=）或由有权查看的人（上传者、管理该公告的工作人员）带登录凭证读取，否则 404。',
    tags, auth: 'none', params: FileParams, query: FileQuery,
  }, async (ctx, { params, query }) => {
    const now = ctx.deps.now()
    const access = verifyFileToken(ctx.deps.config, params.key, query.t, now)
      ? 'private'
      : await fileAccess(ctx.deps, params.key, now, () => bearerActor(ctx))
    const file = access ? await ctx.deps.storage.get(params.key) : null
    if (!file) throw notFound('文件')
    ctx.type = CONTENT_TYPE_BY_EXT[params.key.split('.')[1]]
    ctx.length = file.size
    // Public images may sit in the viewer's own cache for 5 minutes (a withdrawn notice's images
    // stop within that); private ones are never stored, nor shared caches used for either.
    ctx.set('Cache-Control', access === 'public' ? 'private, max-age=300' : 'private, no-store')
    ctx.set('Content-Security-Policy', "default-src 'none'")
    ctx.body = file.stream
    return undefined
  })

  return r
}
