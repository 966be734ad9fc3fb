import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import { cachedLoad } from '../../core/cache.ts'
import { getCalendar } from '../../core/calendar.ts'
import type { Deps } from '../../core/context.ts'
import type { Tx, UnitOfWork } from '../../core/db.ts'
import { conflict, invalid, isUniqueViolation, notFound } from '../../core/errors.ts'
import { authorize } from '../../core/policy.ts'
import { categoryPolicy } from './category.policy.ts'
import { presentAdminCategory, presentCategory, type CategoryRow } from './category.presenter.ts'
import type { CreateCategoryBody, UpdateCategoryBody } from './category.schema.ts'

const include = { department: { select: { id: true, name: true } } } as const
const ORDER = [{ sortOrder: 'asc' as const }, { id: 'asc' as const }]

const minutesPerDay = async (deps: Deps) => (await getCalendar(deps)).minutesPerDay

/**
 * An active category by id, or null: every report filed reads one, so the active categories are
 * cached per process for 5 s (an administrator's edit clears this process's cache at once).
 */
export async function activeCategory(deps: Pick<Deps, 'db' | 'caches'>, id: number) {
  const active = await cachedLoad(deps.caches.categories, 'active', async () =>
    new Map((await deps.db.reportCategory.findMany({ where: { active: true } })).map((c) => [c.id, c])))
  return active.get(id) ?? null
}

/** The categories a resident may choose, in the administrators' order. */
export async function listActiveCategories(deps: Deps) {
  const [rows, perDay] = await Promise.all([
    deps.db.reportCategory.findMany({ where: { active: true }, include, orderBy: ORDER }),
    minutesPerDay(deps),
  ])
  return rows.map((c) => presentCategory(c, perDay))
}

/** Every category, inactive ones too (administrators). */
export async function listAllCategories(deps: Deps, actor: Actor) {
  authorize(actor, categoryPolicy.manage, null)
  const [rows, perDay] = await Promise.all([deps.db.reportCategory.findMany({ include, orderBy: ORDER }), minutesPerDay(deps)])
  return rows.map((c) => presentAdminCategory(c, perDay, actor))
}

type Settings = Pick<CategoryRow, 'handlingUnit' | 'departmentId' | 'acceptMinutes' | 'resolveMinutes'>

/** Rules across fields, checked on the category as it will be saved (400 naming the field). */
async function checkSettings(tx: Tx, c: Settings) {
  if (c.resolveMinutes < c.acceptMinutes) throw invalid('resolveMinutes', '办结时限不能短于受理时限')
  if (c.handlingUnit === 'department') {
    if (c.departmentId == null) throw invalid('departmentId', '由职能部门处理的类别须指定部门')
    if (!(await tx.department.findUnique({ where: { id: c.departmentId }, select: { id: true } }))) throw invalid('departmentId', '部门不存在')
  } else if (c.departmentId != null) {
    throw invalid('departmentId', '由网格处理的类别不设部门')
  }
}

const codeTaken = () => conflict('CATEGORY_CODE_TAKEN', '该类别编码已被使用')

/** Creates a category (admin); with an Idempotency-Key a retry returns the first one. */
export async function createCategory(
  deps: Deps, actor: Actor, input: z.output<typeof CreateCategoryBody>, origin: AuditOrigin,
  unitOfWork: UnitOfWork = (effect) => deps.db.$transaction(effect),
) {
  authorize(actor, categoryPolicy.manage, null)
  const perDay = await minutesPerDay(deps)
  const data = { ...input, departmentId: input.departmentId ?? null }
  try {
    return await unitOfWork(async (tx) => {
      await checkSettings(tx, data)
      const created = await tx.reportCategory.create({ data, include })
      await audit(tx, { actor, action: 'report_category.create', resourceType: 'report_category', resourceId: created.id, result: 'success', details: data }, origin)
      deps.caches.categories.clear()
      return presentAdminCategory(created, perDay, actor)
    })
  } catch (e) {
    if (isUniqueViolation(e)) throw codeTaken()
    throw e
  }
}

/** Changes a category (admin). Reports already filed keep the deadlines computed when they were filed. */
export async function updateCategory(deps: Deps, actor: Actor, id: number, input: z.output<typeof UpdateCategoryBody>, origin: AuditOrigin) {
  authorize(actor, categoryPolicy.manage, null)
  const perDay = await minutesPerDay(deps)
  return deps.db.$transaction(async (tx) => {
    // Locked: two edits at once cannot each pass the cross-field checks against the other's old values.
    const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM report_categories WHERE id = ${id} FOR UPDATE`
    if (!locked.length) throw notFound('诉求类别')
    const before = await tx.reportCategory.findUniqueOrThrow({ where: { id } })
    const handlingUnit = input.handlingUnit ?? before.handlingUnit
    // A grid category has no department: switching to the grid drops it unless one is given (and refused).
    const departmentId = input.departmentId !== undefined ? input.departmentId : handlingUnit === 'grid' ? null : before.departmentId
    const next = { ...before, ...input, handlingUnit, departmentId }
    await checkSettings(tx, next)
    const updated = await tx.reportCategory.update({ where: { id }, data: { ...input, departmentId }, include })
    const changed = Object.fromEntries(Object.keys(input).map((k) => [k, { before: before[k as keyof typeof before], after: next[k as keyof typeof next] }]))
    await audit(tx, { actor, action: 'report_category.update', resourceType: 'report_category', resourceId: id, result: 'success', details: JSON.parse(JSON.stringify(changed)) }, origin)
    deps.caches.categories.clear()
    return presentAdminCategory(updated, perDay, actor)
  })
}
