import http from 'node:http'

/**
 * The API as its OpenAPI document describes it, for tests that must cover every route without
 * listing routes by hand (fuzzing, IDOR, PII walks): operations, sample inputs, raw requests.
 */

/** The subset of JSON Schema that zod's toJSONSchema emits and the tests read. */
export type JsonSchema = {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  enum?: unknown[]
  const?: unknown
  default?: unknown
  format?: string
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  minItems?: number
  maxItems?: number
}

export type Param = { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: JsonSchema }

export type Operation = {
  method: string
  /** The OpenAPI path, with `{name}` placeholders. */
  path: string
  operationId: string
  /** Needs a bearer token. */
  secured: boolean
  pathParams: Param[]
  queryParams: Param[]
  body?: JsonSchema
}

/** Every operation of the running API's /api/openapi.json, in document order. */
export async function loadOperations(baseUrl: string): Promise<Operation[]> {
  const res = await fetch(`${baseUrl}/api/openapi.json`)
  if (res.status !== 200) throw new Error(`GET /api/openapi.json answered ${res.status}`)
  const doc = (await res.json()) as { paths: Record<string, Record<string, Record<string, any>>> }
  const ops: Operation[] = []
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params: Param[] = op.parameters ?? []
      ops.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        secured: Array.isArray(op.security) && op.security.length > 0,
        pathParams: params.filter((p) => p.in === 'path'),
        queryParams: params.filter((p) => p.in === 'query'),
        body: op.requestBody?.content?.['application/json']?.schema,
      })
    }
  }
  return ops
}

/** `METHOD /path`, for test names and failure messages. */
export const opName = (op: Pick<Operation, 'method' | 'path'>) => `${op.method} ${op.path}`

/**
 * The path with each `{name}` replaced by `values[name]` as given (not encoded: callers pass
 * raw or pre-encoded segments on purpose), or by `fallback` for names not in `values`.
 */
export function fillPath(path: string, values: Record<string, string | number>, fallback = '1'): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => String(values[name] ?? fallback))
}

/** Strings tried, in order, for a string schema with a pattern: the first that matches is used. */
const PATTERN_CANDIDATES = [
  '1', 'abc', '测试居民', '13800000000', '11010519491231002X', '2030-01-01T09:00:00+08:00', '2030-01-01', `${'0'.repeat(32)}.jpg`, 'accept', '09:00',
  'ABCD2345',
]

/**
 * A plausible valid value for a schema: required properties only, the first enum value or
 * anyOf branch, the smallest allowed number, strings as long as the minimum asks.
 */
export function sampleOf(schema: JsonSchema | undefined): unknown {
  if (!schema) return {}
  if (schema.const !== undefined) return schema.const
  if (schema.enum?.length) return schema.enum[0]
  const branches = schema.anyOf ?? schema.oneOf
  if (branches?.length) return sampleOf(branches.find((b) => b.type !== 'null') ?? branches[0])
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const name of schema.required ?? []) out[name] = sampleOf(schema.properties?.[name])
      if (!schema.properties && typeof schema.additionalProperties === 'object') out.sample = sampleOf(schema.additionalProperties)
      return out
    }
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sampleOf(schema.items))
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? Math.floor(schema.exclusiveMinimum) + 1 : 1)
    case 'boolean':
      return true
    case 'null':
      return null
    case 'string': {
      if (schema.format === 'date-time') return new Date(Date.now() + 7 * 86400_000).toISOString()
      if (schema.pattern) {
        const re = new RegExp(schema.pattern, 'u')
        const hit = PATTERN_CANDIDATES.find((c) => re.test(c))
        if (hit) return hit
      }
      return '测试内容'.repeat(Math.ceil(Math.max(schema.minLength ?? 1, 2) / 4)).slice(0, Math.max(schema.minLength ?? 1, 2))
    }
    default:
      return {}
  }
}

/** The object branch of a body schema (the first object branch of an anyOf), if any. */
export function objectSchemaOf(schema: JsonSchema | undefined): JsonSchema | undefined {
  if (!schema) return undefined
  if (schema.type === 'object') return schema
  return (schema.anyOf ?? schema.oneOf)?.find((b) => b.type === 'object')
}

/** The JSON types a schema accepts (anyOf branches merged). */
export function typesOf(schema: JsonSchema | undefined): string[] {
  if (!schema) return []
  const branches = schema.anyOf ?? schema.oneOf
  if (branches) return [...new Set(branches.flatMap(typesOf))]
  if (schema.const !== undefined) return [typeof schema.const]
  if (Array.isArray(schema.type)) return schema.type
  return schema.type ? [schema.type] : []
}

export type RawRequest = {
  method: string
  /** Sent exactly as given: no normalisation of `..`, no encoding. */
  path: string
  headers?: Record<string, string>
  body?: string | Buffer
  /** A fresh connection (for bodies the server may stop reading). */
  fresh?: boolean
}
export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; text: string; json: any }

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 16 })

/** One HTTP request with full control over the path, headers and bytes (node:http, not fetch). */
export function rawRequest(baseUrl: string, req: RawRequest, timeoutMs = 20_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(baseUrl)
    const headers: Record<string, string | number> = { ...req.headers }
    if (req.body !== undefined && headers['content-length'] === undefined && headers['transfer-encoding'] === undefined) headers['content-length'] = Buffer.byteLength(req.body)
    let answered = false
    const r = http.request(
      { host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent: req.fresh ? false : keepAlive, timeout: timeoutMs },
      (res) => {
        answered = true
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let json: unknown
          try {
            json = text ? JSON.parse(text) : undefined
          } catch {
            json = undefined
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json })
        })
        res.on('error', reject)
      },
    )
    r.on('timeout', () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)))
    // A server that answers before reading the whole body (413) may reset the upload: the
    // answer is what counts.
    r.on('error', (e) => (answered ? undefined : reject(e)))
    if (req.body !== undefined) r.write(req.body)
    r.end()
  })
}

/** Why a response breaks the error contract (5xx, or a 4xx outside the envelope), or null. */
export function contractProblem(res: RawResponse): string | null {
  if (res.status >= 500) return `answered ${res.status}: ${res.text.slice(0, 300)}`
  if (res.status < 400) return null
  const b = res.json
  if (typeof b?.error?.code !== 'string' || typeof b?.error?.message !== 'string' || typeof b?.requestId !== 'string') {
    return `answered ${res.status} outside the error envelope: ${res.text.slice(0, 300)}`
  }
  return null
}

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i])
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}
