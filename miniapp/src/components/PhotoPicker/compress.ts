/**
 * Shrinking a photo in the browser (H5) before it is uploaded: phone cameras take 4000 px images
 * of several megabytes, which a weak mobile network sends slowly and the API refuses over 5 MB.
 * WeChat compresses with `sizeType: ['compressed']` itself; this is only for the H5 build.
 */

/** The longest side, in pixels, a photo is sent with. */
export const MAX_SIDE = 1600
/** Files at or under this size whose sides fit are sent as they are (no re-encoding). */
export const KEEP_BYTES = 1024 * 1024
const JPEG_QUALITY = 0.85

/** The size that fits `w × h` within `max × max`, keeping the proportions (never enlarging). */
export function fitWithin(w: number, h: number, max = MAX_SIDE): { width: number; height: number } {
  const longest = Math.max(w, h)
  if (longest <= max || longest <= 0) return { width: w, height: h }
  const scale = max / longest
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) }
}

/** A chosen photo: its local path (a blob: URL in H5), and what the picker told about it. */
export type LocalPhoto = { path: string; size?: number; type?: string; width?: number; height?: number }

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image()
    img.onload = () => resolve(img)
    img.onerror = () => reject(new Error('图片无法读取'))
    img.src = src
  })
}

function toBlob(canvas: HTMLCanvasElement): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob((b) => resolve(b), 'image/jpeg', JPEG_QUALITY))
}

/**
 * Returns the photo to upload: the same one when it already fits (sides ≤ 1600 px and ≤ 1 MB),
 * otherwise a JPEG redrawn on a canvas at ≤ 1600 px (on white, for transparent PNGs), as a new
 * blob: URL. When the browser cannot draw it, the original goes (the API still checks the size).
 */
export async function compressPhoto(photo: LocalPhoto): Promise<LocalPhoto> {
  const knownSides = typeof photo.width === 'number' && photo.width > 0 && typeof photo.height === 'number' && photo.height > 0
  if (knownSides && Math.max(photo.width!, photo.height!) <= MAX_SIDE && (photo.size ?? 0) <= KEEP_BYTES) return photo
  try {
    const img = await loadImage(photo.path)
    const target = fitWithin(img.naturalWidth, img.naturalHeight)
    if (target.width === img.naturalWidth && (photo.size ?? 0) <= KEEP_BYTES) return photo
    const canvas = document.createElement('canvas')
    canvas.width = target.width
    canvas.height = target.height
    const ctx = canvas.getContext('2d')
    if (!ctx) return photo
    ctx.fillStyle = '#ffffff'
    ctx.fillRect(0, 0, target.width, target.height)
    ctx.drawImage(img, 0, 0, target.width, target.height)
    const blob = await toBlob(canvas)
    if (!blob || (photo.size && blob.size >= photo.size && target.width === img.naturalWidth)) return photo
    return { path: URL.createObjectURL(blob), size: blob.size, type: 'image/jpeg', width: target.width, height: target.height }
  } catch {
    return photo
  }
}
