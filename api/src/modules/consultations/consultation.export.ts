import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import { maskName } from '../../core/pii.ts'
import { OPINION_STATUS_LABELS, STANCE_LABELS } from './consultation.schema.ts'
import { loadManaged } from './consultation.service.ts'

const HEADER = ['时间', '立场', '发表人', '类型', '内容', '点赞数', '状态', '居委会回复']

/** A CSV cell: quoted, quotes doubled, and a leading = + - @ defused so a spreadsheet shows it as text. */
export function csvCell(value: string | number): string {
  let s = String(value)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return `"${s.replace(/"/g, '""')}"`
}

/** Asia/Shanghai wall time: 2026-12-01 09:30. */
const shanghai = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')

/**
 * GET /consultations/:id/opinions/export: every opinion and reply of the topic (not deleted ones)
 * for the meeting, oldest first, replies under their opinion; authors masked. CSV in UTF-8 with
 * a BOM so Excel opens the Chinese text correctly. Audited.
 */
export async function exportOpinions(deps: Deps, actor: Actor, topicId: number, origin: AuditOrigin) {
  const t = await loadManaged(deps, actor, topicId)
  const rows = await deps.db.consultationOpinion.findMany({
    where: { topicId, status: { not: 'deleted' } }, include: { author: { select: { displayName: true } } }, orderBy: { id: 'asc' },
  })
  const ordered = rows.filter((o) => o.parentId === null).flatMap((o) => [o, ...rows.filter((r) => r.parentId === o.id)])
  const lines = [HEADER.map(csvCell).join(',')]
  for (const o of ordered) {
    lines.push([
      shanghai(o.createdAt), o.stance ? STANCE_LABELS[o.stance] : '', o.official ? o.author.displayName : maskName(o.author.displayName),
      o.parentId === null ? '意见' : '回复', o.body, o.likeCount, OPINION_STATUS_LABELS[o.status], o.official ? '是' : '否',
    ].map(csvCell).join(','))
  }
  await audit(deps.db, { actor, action: 'consultation.opinions.export', resourceType: 'consultation', resourceId: topicId, result: 'success', details: { rows: ordered.length } }, origin)
  return { filename: `议题${t.id}-意见.csv`, csv: `\uFEFF${lines.join('\r\n')}\r\n` }
}
