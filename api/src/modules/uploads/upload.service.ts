import { createHash, randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import busboy from 'busboy'
import sharp from 'sharp'
import type { Config } from '../../config.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import type { Actor } from '../../core/actor.ts'
import type { Deps } from '../../core/context.ts'
import type { RawTx } from '../../core/db.ts'
import { AppError, invalid } from '../../core/errors.ts'
import { Semaphore } from '../../core/semaphore.ts'
import { releaseUpload, reserveUpload } from './upload.quota.ts'

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

// One set of decode slots per process (per config, so that test servers in one process do not share).
const slots = new WeakMap<Config['uploads'], Semaphore>()

/** The decode slots of this process: at most `uploads.decodeConcurrency` images decode at once. */
export function decodeSlots(config: Pick<Config, 'uploads'>): Semaphore {
  let s = slots.get(config.uploads)
  if (!s) {
    s = new Semaphore(config.uploads.decodeConcurrency)
    slots.set(config.uploads, s)
  }
  return s
}

/**
 * The image's size from its header alone (no pixels decoded), refusing more than `maxPixels`:
 * a few hundred bytes of PNG can declare 50 megapixels that take seconds and gigabytes to decode.
 */
async function checkDimensions(input: Buffer, maxPixels: number): Promise<void> {
  const meta = await sharp(input).metadata().catch(() => null)
  if (!meta?.width || !meta.height) throw fileError(422, 'INVALID_IMAGE', '图片已损坏或无法识别')
  if (meta.width * meta.height > maxPixels) {
    throw fileError(422, 'IMAGE_TOO_LARGE', `图片像素过多（${meta.width}×${meta.height}），不能超过 ${Math.floor(maxPixels / 10_000)} 万像素`)
  }
}

/** Decodes and re-encodes an image (dropping its metadata), at most 2560 px a side. */
async function reencode(input: Buffer, type: ImageType, maxPixels: number) {
  try {
    let img = sharp(input, { failOn: 'error', limitInputPixels: maxPixels })
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    img = type === 'image/jpeg' ? img.jpeg({ quality: 85, mozjpeg: true }) : type === 'image/png' ? img.png({ compressionLevel: 9 }) : img.webp({ quality: 85 })
    return await img.toBuffer({ resolveWithObject: true })
  } catch {
    throw fileError(422, 'INVALID_IMAGE', '图片已损坏或无法识别')
  }
}

/**
 * Stores an uploaded image: only JPEG, PNG or WebP by content, at most `uploads.maxPixels` by its
 * header, within the uploader's daily quota (reserved before decoding, given back when the image
 * is refused), decoded in one of the process's few decode slots and re-encoded (which drops
 * EXIF/GPS, XMP and ICC metadata, after applying the EXIF orientation), at most 2560 px a side.
 * The file is not attached to anything yet: only its uploader can read it (the signed `url`), and
 * housekeeping deletes it after 24 hours unless a record attaches it.
 */
export async function storeImage(deps: Deps, actor: Actor, input: Buffer) {
  const { uploads } = deps.config
  const type = sniffImageType(input)
  if (!type) throw fileError(415, 'UNSUPPORTED_FILE_TYPE', '只能上传 JPEG、PNG 或 WebP 图片')
  await checkDimensions(input, uploads.maxPixels)
  const now = deps.now()
  const reservation = await reserveUpload(deps.sql, uploads, actor.id, input.length, now)
  try {
    const out = await decodeSlots(deps.config).run(() => reencode(input, type, uploads.maxPixels))
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
        createdAt: now,
      },
    })
    return row
  } catch (e) {
    await releaseUpload(deps.sql, reservation).catch((err) => deps.log.error('upload quota release failed', { error: (err as Error).message }))
    throw e
  }
}

/**
 * Marks uploads as attached to a record, in the record's transaction. The rows are locked first,
 * so housekeeping (which deletes unattached uploads under the same locks) cannot delete one in
 * between; an upload already deleted is a 400 on `field`.
 */
export async function attachUploads(tx: RawTx, ids: number[], now: Date, field: string): Promise<void> {
  if (!ids.length) return
  const found = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM uploads WHERE id IN (${Prisma.join(ids)}) FOR UPDATE`
  if (found.length !== new Set(ids).size) throw invalid(field, '图片已过期被清理，请重新上传')
  await tx.$executeRaw`UPDATE uploads SET attached_at = ${now} WHERE id IN (${Prisma.join(ids)}) AND attached_at IS NULL`
}
