import { z } from 'zod'
import { AppError } from '../../core/errors.ts'
import { ApiRoutes } from '../../core/route.ts'
import { UploadView } from './upload.schema.ts'
import { CONTENT_TYPE_BY_EXT, MAX_UPLOAD_BYTES, readMultipartFile, storeImage } from './upload.service.ts'

const tags = ['上传 uploads']

/** Image uploads and the files they become. */
export function uploadRoutes() {
  const r = new ApiRoutes('/api/v1')

  r.post('/uploads', {
    summary: '上传图片（multipart/form-data，字段 file；JPEG/PNG/WebP，≤5 MB，去除元数据）',
    tags, response: UploadView, status: 201, rateLimit: { windowSeconds: 60, max: 60 },
  }, async (ctx, { actor }) => {
    const type = ctx.get('content-type')
    if (!ctx.is('multipart/form-data')) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传，文件字段名为 file')
    if (Number(ctx.get('content-length') || 0) > MAX_UPLOAD_BYTES + 64 * 1024) {
      throw new AppError(413, 'FILE_TOO_LARGE', 'file: 图片不能超过 5 MB', { fields: [{ field: 'file', message: '图片不能超过 5 MB' }] })
    }
    const file = await readMultipartFile(ctx.req, type)
    return { data: await storeImage(ctx.deps, actor, file) }
  })

  r.get('/files/:key', {
    summary: '读取已上传的文件（地址不可猜测，无需登录）', tags, auth: 'none',
    params: z.object({ key: z.string().regex(/^[a-f0-9]{32}\.(jpg|png|webp)$/, '文件地址无效') }).strict(),
  }, async (ctx, { params }) => {
    const file = await ctx.deps.storage.get(params.key)
    if (!file) throw new AppError(404, 'NOT_FOUND', '文件不存在')
    ctx.type = CONTENT_TYPE_BY_EXT[params.key.split('.')[1]]
    ctx.length = file.size
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable')
    ctx.set('Content-Security-Policy', "default-src 'none'")
    ctx.body = file.stream
    return undefined
  })

  return r
}
