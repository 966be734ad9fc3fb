import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// The layers of docs/architecture.md and the import directions they forbid, checked on every
// import (static, re-export and dynamic) of every .ts/.tsx file of api/src, miniapp/src and shared/.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

type Layer = 'core' | 'http' | 'middleware' | 'modules' | 'integrations' | 'jobs' | 'cli' | 'seed' | 'api' | 'miniapp' | 'shared' | 'other'

/** The layer a file belongs to, by where it lives. */
function layerOf(file: string): Layer {
  const rel = path.relative(ROOT, file).split(path.sep).join('/')
  const api = /^api\/src\/([^/]+)\//.exec(rel)
  if (api) {
    const dir = api[1]
    if (['core', 'http', 'middleware', 'modules', 'integrations', 'jobs', 'cli', 'seed'].includes(dir)) return dir as Layer
    return 'api'
  }
  if (rel.startsWith('api/')) return 'api'
  if (rel.startsWith('miniapp/')) return 'miniapp'
  if (rel.startsWith('shared/')) return 'shared'
  return 'other'
}

/** Layers a layer may not import at all; `typeOnly` ones it may import with `import type` only. */
const RULES: Partial<Record<Layer, { never: Layer[]; typeOnly?: Layer[] }>> = {
  core: { never: ['http', 'middleware', 'modules', 'jobs', 'cli', 'seed', 'miniapp'] },
  integrations: { never: ['http', 'middleware', 'modules', 'jobs', 'cli', 'seed', 'miniapp'] },
  http: { never: ['modules', 'jobs', 'cli', 'seed', 'miniapp'] },
  modules: { never: ['jobs', 'cli', 'miniapp'] },
  jobs: { never: ['http', 'middleware', 'cli', 'miniapp'] },
  miniapp: { never: [], typeOnly: ['core', 'http', 'middleware', 'modules', 'integrations', 'jobs', 'cli', 'seed', 'api'] },
  shared: { never: ['core', 'http', 'middleware', 'modules', 'integrations', 'jobs', 'cli', 'seed', 'api', 'miniapp'] },
}

type Import = { from: string; to: string; specifier: string; typeOnly: boolean }

/** Every relative import of a source text, resolved to a path; `import type` / `export type` are type-only. */
export function importsOf(file: string, text: string): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const out: Import[] = []
  const add = (specifier: string, typeOnly: boolean) => {
    if (specifier.startsWith('.')) out.push({ from: file, to: path.resolve(path.dirname(file), specifier), specifier, typeOnly })
  }
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.importClause?.isTypeOnly ?? false)
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly)
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true)
    } else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      const [arg] = node.arguments
      if (arg && ts.isStringLiteralLike(arg)) add(arg.text, false)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return out
}

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'generated' || entry.name === 'dist' || entry.name.startsWith('.')) continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...sourceFiles(full))
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full)
  }
  return out
}

/**
 * Inside a module, HTTP is the routes' business: only `*.routes.ts` imports http/ (route
 * declaration, context, middleware); `*.schema.ts` may also take the shared params/query schemas
 * (`http/schemas.ts`). Services, presenters, policies and helpers import nothing from http/, not
 * even types.
 */
function moduleMayImportHttp(from: string, to: string): boolean {
  const [file, target] = [path.basename(from), path.relative(ROOT, to).split(path.sep).join('/')]
  return file.endsWith('.routes.ts') || (file.endsWith('.schema.ts') && /^api\/src\/http\/schemas(\.ts)?$/.test(target))
}

/** The imports that break a rule, as `from → specifier (why)`. */
export function violations(imports: Import[]): string[] {
  const out: string[] = []
  for (const i of imports) {
    const [from, to] = [layerOf(i.from), layerOf(i.to)]
    const rule = RULES[from]
    if (!rule || from === to) continue
    const where = `${path.relative(ROOT, i.from)} → ${i.specifier}`
    if (rule.never.includes(to)) out.push(`${where} (${from} must not import ${to})`)
    else if (!i.typeOnly && rule.typeOnly?.includes(to)) out.push(`${where} (${from} may import ${to} with \`import type\` only)`)
    else if (from === 'modules' && to === 'http' && !moduleMayImportHttp(i.from, i.to)) {
      out.push(`${where} (in modules only *.routes.ts may import http, *.schema.ts only http/schemas.ts)`)
    }
  }
  return out
}

const roots = ['api/src', 'miniapp/src', 'shared'].map((d) => path.join(ROOT, d))
const files = roots.flatMap((d) => { try { return sourceFiles(d) } catch { return [] } })
const all = files.flatMap((f) => importsOf(f, readFileSync(f, 'utf8')))

describe('import directions between layers (docs/architecture.md)', () => {
  it('reads the imports of every source file', () => {
    expect(files.length).toBeGreaterThan(300)
    expect(all.some((i) => layerOf(i.from) === 'miniapp' && layerOf(i.to) === 'api' && i.typeOnly)).toBe(true)
  })

  it('no import breaks a layer rule', () => {
    expect(violations(all)).toEqual([])
  })

  it('the middleware lives in http/: nothing is left in api/src/middleware', () => {
    expect(files.filter((f) => layerOf(f) === 'middleware').map((f) => path.relative(ROOT, f))).toEqual([])
  })
})

describe('the checker itself', () => {
  const at = (rel: string) => path.join(ROOT, rel)
  const check = (rel: string, text: string) => violations(importsOf(at(rel), text))

  it.each([
    ['api/src/core/x.ts', "import { ApiRoutes } from '../http/route.ts'", 'core must not import http'],
    ['api/src/core/x.ts', "import type { Deps } from '../modules/me/me.service.ts'", 'core must not import modules'],
    ['api/src/core/x.ts', "export { rateLimit } from '../middleware/rateLimit.ts'", 'core must not import middleware'],
    ['api/src/http/middleware/x.ts', "import { accountDigest } from '../../modules/auth/auth.throttle.ts'", 'http must not import modules'],
    ['api/src/integrations/wechat/x.ts', "const m = await import('../../modules/messages/message.service.ts')", 'integrations must not import modules'],
    ['miniapp/src/services/x.ts', "import { NoticeView } from '../../../api/src/modules/notices/notice.schema.ts'", 'miniapp may import modules with `import type` only'],
    ['miniapp/src/services/x.ts', "import { type NoticeView } from '../../../api/src/contracts.ts'", 'miniapp may import api with `import type` only'],
    ['shared/x.ts', "import type { Role } from '../api/src/contracts.ts'", 'shared must not import api'],
    ['shared/x.ts', "import { request } from '../miniapp/src/services/request.ts'", 'shared must not import miniapp'],
    ['api/src/modules/me/me.service.ts', "import { countHit } from '../../http/middleware/rateLimit.ts'", 'only *.routes.ts may import http'],
    ['api/src/modules/open311/open311.create.ts', "import { parseInput } from '../../http/route.ts'", 'only *.routes.ts may import http'],
    ['api/src/modules/notices/notice.presenter.ts', "import type { AppContext } from '../../http/context.ts'", 'only *.routes.ts may import http'],
    ['api/src/modules/notices/notice.schema.ts', "import { ApiRoutes } from '../../http/route.ts'", '*.schema.ts only http/schemas.ts'],
  ])('%s: %s is refused', (file, line, why) => {
    expect(check(file, line)).toEqual([expect.stringContaining(why)])
  })

  it.each([
    ['api/src/modules/me/me.routes.ts', "import { ApiRoutes } from '../../http/route.ts'"],
    ['api/src/modules/me/me.routes.ts', "import { rateLimit } from '../../http/middleware/rateLimit.ts'"],
    ['api/src/modules/notices/notice.schema.ts', "import { PageQuery } from '../../http/schemas.ts'"],
    ['api/src/modules/me/me.service.ts', "import { countHit } from '../../core/hits.ts'"],
    ['api/src/http/x.ts', "import { AppError } from '../core/errors.ts'"],
    ['miniapp/src/services/x.ts', "import type { NoticeView } from '../../../api/src/contracts.ts'"],
    ['miniapp/src/services/x.ts', "import { ROLE_LABELS } from '../../../shared/labels.ts'"],
    ['api/src/modules/me/x.ts', "import { ROLE_LABELS } from '../../../../shared/labels.ts'"],
  ])('%s: %s is allowed', (file, line) => {
    expect(check(file, line)).toEqual([])
  })
})
