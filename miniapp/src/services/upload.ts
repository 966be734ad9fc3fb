import Taro from '@tarojs/taro'
import { ApiError, apiUrl, isOk, toApiError, withSession, type RawResponse } from './request'
import type { UploadDto } from './types'

/**
 * The other door to the API, next to request.ts: multipart uploads through `Taro.uploadFile`
 * (WeChat's only way to send a local file; Taro's H5 build posts FormData). It shares the token,
 * the single renewal on 401 and the ApiError mapping with request.ts.
 */

/** Images the API accepts, and their size limit. */
export const UPLOAD_MAX_BYTES = 5 * 1024 * 1024
export const UPLOAD_TYPES = ['image/jpeg', 'image/png', 'image/webp']

function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data
  try {
    return JSON.parse(data)
  } catch {
    return data
  }
}

async function transmit(filePath: string, token: string | undefined, onProgress?: (percent: number) => void): Promise<RawResponse> {
  const header: Record<string, string> = { Accept: 'application/json' }
  if (token) header.Authorization = `Bearer ${token}`
  try {
    const task = Taro.uploadFile({ url: apiUrl('/uploads'), filePath, name: 'file', header, timeout: 60000 })
    if (onProgress && typeof task.progress === 'function') task.progress((p) => onProgress(p.progress))
    const res = await task
    return { statusCode: res.statusCode, data: parseBody(res.data) }
  } catch {
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: '图片上传失败，请检查网络后重试' })
  }
}

/**
 * Uploads one local image (a temp path from chooseImage) and returns what the API stored.
 * `onProgress` receives 0–100 while the bytes go out.
 */
export async function uploadImage(filePath: string, onProgress?: (percent: number) => void): Promise<UploadDto> {
  const res = await withSession((token) => transmit(filePath, token, onProgress))
  if (!isOk(res)) throw toApiError(res)
  const body = res.data as { data?: UploadDto } | undefined
  if (!body || typeof body !== 'object' || !body.data) {
    throw new ApiError({ status: res.statusCode, code: 'BAD_RESPONSE', message: '上传结果无法识别，请重试' })
  }
  onProgress?.(100)
  return body.data
}

/** Why a chosen file cannot be sent, before spending the bytes (null when it can). */
export function uploadRejection(file: { size?: number; type?: string }): string | null {
  if (typeof file.size === 'number' && file.size > UPLOAD_MAX_BYTES) return '图片不能超过5MB'
  if (file.type && file.type.includes('/') && !UPLOAD_TYPES.includes(file.type)) return '只能上传 JPEG、PNG 或 WebP 图片'
  return null
}
