import { createHash, randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import busboy from 'busboy'
import sharp from 'sharp'
import type { Actor } from '../../core/actor.ts'
import type { Deps } from '../../core/context.ts'
import { AppError } from '../../core/errors.ts'

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024
const MAX_SIDE = 2560

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp'
const EXT: Record<ImageType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' }
export const CONTENT_TYPE_BY_EXT: Record<string, ImageType> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' }

/** The image type from the file's first bytes (never from its name or the declared type). */
export function sniffImageType(buf: Buffer): ImageType | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg'
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png'
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return 'image/webp'
  return null
}

const fileError = (status: number, code: string, message: string) =>
  new AppError(status, code, `file: ${message}`, { fields: [{ field: 'file', message }] })

/** Reads the single `file` part of a multipart request, refusing anything over the size limit. */
export function readMultipartFile(req: IncomingMessage, contentType: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy
    try {
      bb = busboy({ headers: { ...req.headers, 'content-type': contentType }, limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 12 } })
    } catch {
      return reject(new AppError(400, 'INVALID_MULTIPART', '请求体不是合法的 multipart/form-data'))
    }
    let file: Buffer | null = null
    let failure: AppError | null = null
    bb.on('file', (name, stream) => {
      const chunks: Buffer[] = []
      if (name !== 'file') {
        stream.resume()
        return
      }
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('limit', () => {
        failure = fileError(413, 'FILE_TOO_LARGE', '图片不能超过 5 MB')
      })
      stream.on('end', () => {
        if (!failure) file = Buffer.concat(chunks)
      })
    })
    bb.on('error', () => reject(new AppError(400, 'INVALID_MULTIPART', '请求体不是合法的 multipart/form-data')))
    bb.on('close', () => {
      if (failure) return reject(failure)
      if (!file || file.length === 0) return reject(fileError(400, 'VALIDATION_FAILED', '请选择要上传的图片'))
      resolve(file)
    })
    req.pipe(bb)
  })
}

/**
 * Stores an uploaded image: only JPEG, PNG or WebP by content, decoded and re-encoded (which drops
 * EXIF/GPS, XMP and ICC metadata, after applying the EXIF orientation), at most 2560 px a side.
 */
export async function storeImage(deps: Deps, actor: Actor, input: Buffer) {
  const type = sniffImageType(input)
  if (!type) throw fileError(415, 'UNSUPPORTED_FILE_TYPE', '只能上传 JPEG、PNG 或 WebP 图片')
  let out: { data: Buffer; info: sharp.OutputInfo }
  try {
    let img = sharp(input, { failOn: 'error', limitInputPixels: 50_000_000 })
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    img = type === 'image/jpeg' ? img.jpeg({ quality: 85, mozjpeg: true }) : type === 'image/png' ? img.png({ compressionLevel: 9 }) : img.webp({ quality: 85 })
    out = await img.toBuffer({ resolveWithObject: true })
  } catch {
    throw fileError(422, 'INVALID_IMAGE', '图片已损坏或无法识别')
  }
  const key = `${randomBytes(16).toString('hex')}.${EXT[type]}`
  await deps.storage.put(key, out.data, type)
  const row = await deps.db.upload.create({
    data: {
      ownerId: actor.id,
      storageKey: key,
      contentType: type,
      byteSize: out.data.length,
      width: out.info.width,
      height: out.info.height,
      sha256: Uint8Array.from(createHash('sha256').update(out.data).digest()),
    },
  })
  return presentUpload(row)
}

/** The public path of a stored file. */
export const fileUrl = (storageKey: string) => `/api/v1/files/${storageKey}`

export function presentUpload(u: { id: number; storageKey: string; contentType: string; width: number; height: number; byteSize: number }) {
  return { id: u.id, url: fileUrl(u.storageKey), contentType: u.contentType as ImageType, width: u.width, height: u.height, size: u.byteSize }
}
