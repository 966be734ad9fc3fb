import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { uploadTask } from '../../test/mocks/taro'
import { signIn } from '../../test/support'
import { getSession } from '../stores/session'
import { ApiError } from './request'
import { uploadImage, uploadRejection } from './upload'

type UploadOpts = { url: string; filePath: string; name: string; header: Record<string, string> }
const mockUpload = vi.mocked(Taro.uploadFile)
const uploads = () => mockUpload.mock.calls.map(([o]) => o as unknown as UploadOpts)
const stored = { id: 11, url: '/api/v1/files/0123456789abcdef0123456789abcdef.png', contentType: 'image/png', width: 8, height: 8, size: 120 }

/** The next uploadFile answers with this status and (string) body, as WeChat returns it. */
function answer(statusCode: number, body: unknown, steps: number[] = []) {
  mockUpload.mockImplementationOnce((() => uploadTask(Promise.resolve({ statusCode, data: JSON.stringify(body), errMsg: 'uploadFile:ok' }), steps)) as never)
}

beforeEach(() => signIn())

describe('uploadImage', () => {
  it('sends the file as field "file" to /api/v1/uploads with the bearer token and parses the string body', async () => {
    answer(201, { data: stored })
    await expect(uploadImage('blob:http://127.0.0.1/x')).resolves.toEqual(stored)
    const [u] = uploads()
    expect(u.url).toBe('/api/v1/uploads')
    expect(u.name).toBe('file')
    expect(u.filePath).toBe('blob:http://127.0.0.1/x')
    expect(u.header.Authorization).toBe('Bearer access-1')
  })

  it('reports progress and ends at 100', async () => {
    answer(201, { data: stored }, [30, 80])
    const seen: number[] = []
    await uploadImage('tmp/a.png', (p) => seen.push(p))
    expect(seen).toEqual([30, 80, 100])
  })

  it('on 401 renews the token once and sends the file again with the new one', async () => {
    answer(401, { error: { code: 'TOKEN_EXPIRED', message: '登录已过期' }, requestId: 'r1' })
    answer(201, { data: stored })
    vi.mocked(Taro.request).mockResolvedValueOnce({
      statusCode: 200, header: {},
      data: { data: { accessToken: 'access-2', refreshToken: 'refresh-2-xxxxxxxxxxxxxxxx', expiresIn: 900, user: { id: 7, displayName: '测试用户', roles: ['committee'], isStaff: true } } },
    } as never)
    await expect(uploadImage('tmp/a.png')).resolves.toEqual(stored)
    expect(uploads().map((u) => u.header.Authorization)).toEqual(['Bearer access-1', 'Bearer access-2'])
    expect(getSession()?.accessToken).toBe('access-2')
  })

  it("maps the API's error body to an ApiError naming the field", async () => {
    answer(415, { error: { code: 'UNSUPPORTED_FILE_TYPE', message: 'file: 只能上传 JPEG、PNG 或 WebP 图片', details: { fields: [{ field: 'file', message: '只能上传 JPEG、PNG 或 WebP 图片' }] } }, requestId: 'req-3' })
    const err = (await uploadImage('tmp/a.gif').catch((e) => e)) as ApiError
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 415, code: 'UNSUPPORTED_FILE_TYPE', requestId: 'req-3' })
    expect(err.fieldMessage('file')).toBe('只能上传 JPEG、PNG 或 WebP 图片')
  })

  it('reports a gateway page and a failed transfer as ApiErrors too', async () => {
    mockUpload.mockImplementationOnce((() => uploadTask(Promise.resolve({ statusCode: 502, data: '<html>Bad Gateway</html>' }))) as never)
    await expect(uploadImage('tmp/a.png')).rejects.toMatchObject({ status: 502, code: 'HTTP_502' })
    mockUpload.mockImplementationOnce((() => uploadTask(Promise.reject({ errMsg: 'uploadFile:fail timeout' }))) as never)
    await expect(uploadImage('tmp/a.png')).rejects.toMatchObject({ status: 0, code: 'NETWORK_ERROR' })
  })

  it('refuses a 2xx answer without data', async () => {
    answer(200, { nothing: true })
    await expect(uploadImage('tmp/a.png')).rejects.toMatchObject({ code: 'BAD_RESPONSE' })
  })
})

describe('uploadRejection', () => {
  it('stops files over 5 MB and types the API does not take, before sending', () => {
    expect(uploadRejection({ size: 5 * 1024 * 1024 + 1 })).toBe('图片不能超过5MB')
    expect(uploadRejection({ size: 1000, type: 'image/gif' })).toBe('只能上传 JPEG、PNG 或 WebP 图片')
    expect(uploadRejection({ size: 1000, type: 'image/png' })).toBeNull()
    expect(uploadRejection({ size: 1000, type: 'image' })).toBeNull() // Taro H5 reports only the kind
  })
})
