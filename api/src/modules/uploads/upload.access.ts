import type { Actor } from '../../core/actor.ts'
import type { Deps } from '../../core/context.ts'
import { canManageCommunity, noticeState, type NoticeRecord } from '../notices/notice.policy.ts'
import { reportVisibility } from '../reports/report.policy.ts'

const reportVisibilityFields = {
  status: true, reporterId: true, assigneeId: true, gridId: true, communityId: true, streetId: true, departmentId: true, handlingUnit: true,
} as const

/** What the records holding one file say about serving it. */
export type Holders = {
  /** One of them is public now: the file is served to anyone. */
  isPublic: boolean
  /** Who else may read it while none is public. */
  canView: (actor: Actor) => boolean
}

/** One kind of record files are attached to: its records that hold an upload, judged at `now`. */
export type AttachmentKind = (deps: Deps, uploadId: number, now: Date) => Promise<Holders>

/**
 * True when a notice makes its images public: it is published, or its scheduled time has come
 * (an expired notice was public and stays so). A draft, a notice scheduled for later and a
 * withdrawn notice keep their images private.
 */
export function noticeImagesArePublic(n: NoticeRecord, now: Date): boolean {
  const state = noticeState(n, now)
  return state === 'published' || state === 'expired'
}

/** Notice images: public with a public notice; otherwise readable by the staff who manage it. */
const noticeImages: AttachmentKind = async (deps, uploadId, now) => {
  const notices = await deps.db.notice.findMany({
    where: { images: { some: { uploadId } } },
    select: { streetId: true, communityId: true, status: true, importance: true, publishAt: true, expiresAt: true },
  })
  return {
    isPublic: notices.some((n) => noticeImagesArePublic(n, now)),
    canView: (actor) => notices.some((n) => canManageCommunity(actor, n)),
  }
}

/**
 * Report photos (of the report or of a step): never public — they may show the inside of a home;
 * readable by whoever sees the report in full (its reporter, the staff in scope).
 */
const reportPhotos: AttachmentKind = async (deps, uploadId) => {
  const photos = await deps.db.reportPhoto.findMany({ where: { uploadId }, select: { report: { select: reportVisibilityFields } } })
  return {
    isPublic: false,
    canView: (actor) => photos.some((p) => reportVisibility(actor, { ...p.report, ratedAt: null, isSupporter: false, withinReopenWindow: false }) === 'full'),
  }
}

/** Every kind of record that holds uploads; a new kind adds its rule here. */
const KINDS: AttachmentKind[] = [noticeImages, reportPhotos]

/**
 * How a stored file may be served: `public` when a record holding it is public now (anyone, even
 * without a token: the mini-program's <Image> sends none), `private` when the caller may read it
 * (its uploader, or someone a holding record allows), null when neither (answered as 404, so the
 * file's existence is not disclosed). The caller is resolved only when the file is not public.
 */
export async function fileAccess(
  deps: Deps, storageKey: string, now: Date, caller: () => Promise<Actor | null>,
): Promise<'public' | 'private' | null> {
  const upload = await deps.db.upload.findUnique({ where: { storageKey }, select: { id: true, ownerId: true } })
  if (!upload) return null
  const holders = await Promise.all(KINDS.map((kind) => kind(deps, upload.id, now)))
  if (holders.some((h) => h.isPublic)) return 'public'
  const actor = await caller()
  if (!actor) return null
  return actor.id === upload.ownerId || holders.some((h) => h.canView(actor)) ? 'private' : null
}
