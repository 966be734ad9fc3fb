import { z } from 'zod'
import { FILE_KEY, FILE_TOKEN } from '../../core/fileUrls.ts'

export const UploadView = z.object({
  id: z.number().int(),
  url: z.string().describe('signed path under the API origin for showing the image now, e.g. /api/v1/files/3f2a….jpg?t=1795000000.AbC…; valid for FILE_URL_TTL_SECONDS'),
  path: z.string().describe('plain path, e.g. /api/v1/files/3f2a….jpg: what a notice body may reference (public once the notice is)'),
  contentType: z.enum(['image/jpeg', 'image/png', 'image/webp']),
  width: z.number().int(),
  height: z.number().int(),
  size: z.number().int(),
})

export const FileParams = z.object({ key: z.string().regex(FILE_KEY, '文件地址无效') }).strict()

export const FileQuery = z.object({ t: z.string().max(64).regex(FILE_TOKEN, '文件签名格式无效').optional() }).strict()
