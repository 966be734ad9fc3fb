import { z } from 'zod'

export const UploadView = z.object({
  id: z.number().int(),
  url: z.string().describe('path under the API origin, e.g. /api/v1/files/u/3f2a….jpg'),
  contentType: z.enum(['image/jpeg', 'image/png', 'image/webp']),
  width: z.number().int(),
  height: z.number().int(),
  size: z.number().int(),
})
