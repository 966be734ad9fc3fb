import { describe, expect, it } from 'vitest'
import { fileUrls, verifyFileToken } from '../../core/fileUrls.ts'
import { presentUpload } from './upload.presenter.ts'
import { UploadView } from './upload.schema.ts'

const config = { jwtSecret: 'test-jwt-secret-0123456789abcdefghijklmnop', fileUrlTtlSeconds: 600 }
const storedAt = new Date('2026-11-29T10:00:00Z')
const row = { id: 41, storageKey: '3f2a9c0d4e5b6a7f8091a2b3c4d5e6f7.webp', contentType: 'image/webp', width: 1280, height: 960, byteSize: 88_000 }

describe('presentUpload', () => {
  const view = presentUpload(row, fileUrls(config, storedAt))

  it('shows the image by a URL signed from the time it was stored, and the plain path for notice bodies', () => {
    expect(view.path).toBe('/api/v1/files/3f2a9c0d4e5b6a7f8091a2b3c4d5e6f7.webp')
    expect(view.url.startsWith(`${view.path}?t=`)).toBe(true)
    const t = new URL(view.url, 'http://x').searchParams.get('t') ?? undefined
    expect(verifyFileToken(config, row.storageKey, t, new Date(storedAt.getTime() + 599_000))).toBe(true)
    expect(verifyFileToken(config, row.storageKey, t, new Date(storedAt.getTime() + 600_000))).toBe(false)
  })

  it('names the size in bytes and nothing of the row beyond the view', () => {
    expect(view).toMatchObject({ id: 41, contentType: 'image/webp', width: 1280, height: 960, size: 88_000 })
    expect(UploadView.strict().safeParse(view).success).toBe(true)
  })
})
