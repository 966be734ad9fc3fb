import { createReadStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'

/** Where uploaded files live. Local disk by default; an S3-compatible store can implement it. */
export interface FileStorage {
  put(key: string, data: Buffer, contentType: string): Promise<void>
  /** The file's bytes as a stream, or null when there is no such file. */
  get(key: string): Promise<{ stream: Readable; size: number } | null>
  delete(key: string): Promise<void>
}

const SAFE_KEY = /^[a-z0-9]+(\/[a-z0-9]+)*\.[a-z0-9]+$/

/** Files under one directory, keys as relative paths (validated, never escaping the root). */
export class LocalDiskStorage implements FileStorage {
  constructor(private readonly root: string) {}

  private file(key: string): string {
    if (!SAFE_KEY.test(key)) throw new Error(`invalid storage key: ${key}`)
    return path.join(this.root, key)
  }

  async put(key: string, data: Buffer): Promise<void> {
    const file = this.file(key)
    await fs.mkdir(path.dirname(file), { recursive: true })
    const tmp = `${file}.${process.pid}.tmp`
    await fs.writeFile(tmp, data)
    await fs.rename(tmp, file)
  }

  async get(key: string) {
    if (!SAFE_KEY.test(key)) return null
    const file = this.file(key)
    const stat = await fs.stat(file).catch(() => null)
    if (!stat?.isFile()) return null
    return { stream: createReadStream(file), size: stat.size }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.file(key), { force: true })
  }
}
