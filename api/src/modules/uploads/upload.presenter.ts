import type { z } from 'zod'
import { fileUrl, type FileUrls } from '../../core/fileUrls.ts'
import type { UploadView } from './upload.schema.ts'
import type { ImageType } from './upload.service.ts'

/** An upload as its uploader sees it: `url` signed (not yet public), `path` the plain one for bodies. */
export function presentUpload(u: { id: number; storageKey: string; contentType: string; width: number; height: number; byteSize: number }, urls: FileUrls): z.output<typeof UploadView> {
  return {
    id: u.id, url: urls.signed(u.storageKey), path: fileUrl(u.storageKey),
    contentType: u.contentType as ImageType, width: u.width, height: u.height, size: u.byteSize,
  }
}
