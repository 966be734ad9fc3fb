import dayjs from 'dayjs'
import type { ResultSetHeader, RowDataPacket } from 'mysql2'
import type { Config } from '../../config.ts'
import type { SqlPool } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { TZ } from '../../core/time.ts'

/** A file and its bytes held in one user's quota for one day, until the upload is stored or refused. */
export type Reservation = { userId: number; day: string; bytes: number }

/** The quota day (Asia/Shanghai) that `now` falls in, and the moment it ends. */
export function quotaDay(now: Date): { day: string; endsAt: Date } {
  const local = dayjs(now).tz(TZ)
  return { day: local.format('YYYY-MM-DD'), endsAt: local.startOf('day').add(1, 'day').toDate() }
}

const MB = 1024 * 1024
const sizeLabel = (bytes: number) => (bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`)

/**
 * Reserves one file of `bytes` (as received) in the user's quota for today, before any decoding.
 * The check is the database's: a conditional update of the day's row, so parallel uploads on any
 * number of processes can never pass the limit together. Over the limit: 429
 * UPLOAD_QUOTA_EXCEEDED with Retry-After until midnight in Shanghai.
 */
export async function reserveUpload(sql: SqlPool, limits: Config['uploads'], userId: number, bytes: number, now: Date): Promise<Reservation> {
  const { day, endsAt } = quotaDay(now)
  await sql.query('INSERT IGNORE INTO upload_quota_days (user_id, day, files, bytes) VALUES (?, ?, 0, 0)', [userId, day])
  const [r] = await sql.query<ResultSetHeader>(
    `UPDATE upload_quota_days SET files = files + 1, bytes = bytes + ?
     WHERE user_id = ? AND day = ? AND files < ? AND bytes + ? <= ?`,
    [bytes, userId, day, limits.dailyFiles, bytes, limits.dailyBytes],
  )
  if (r.affectedRows === 1) return { userId, day, bytes }
  const [rows] = await sql.query<({ files: number } & RowDataPacket)[]>('SELECT files FROM upload_quota_days WHERE user_id = ? AND day = ?', [userId, day])
  const byCount = (rows[0]?.files ?? 0) >= limits.dailyFiles
  const retryAfterSeconds = Math.max(1, Math.ceil((endsAt.getTime() - now.getTime()) / 1000))
  throw new AppError(
    429,
    'UPLOAD_QUOTA_EXCEEDED',
    `今日上传数量或大小已达上限（每天最多 ${limits.dailyFiles} 张、共 ${sizeLabel(limits.dailyBytes)}），请明天再试`,
    byCount
      ? { limit: 'dailyFiles', max: limits.dailyFiles, retryAfterSeconds }
      : { limit: 'dailyBytes', max: limits.dailyBytes, retryAfterSeconds },
  )
}

/** Gives a reservation back: the image was refused or could not be stored. */
export async function releaseUpload(sql: SqlPool, r: Reservation): Promise<void> {
  await sql.query(
    'UPDATE upload_quota_days SET files = GREATEST(files - 1, 0), bytes = GREATEST(bytes - ?, 0) WHERE user_id = ? AND day = ?',
    [r.bytes, r.userId, r.day],
  )
}
