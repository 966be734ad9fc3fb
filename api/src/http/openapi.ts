import { z } from 'zod'
import type { RouteDoc } from './route.ts'

type Json = Record<string, unknown>

function toSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json
  delete out.$schema
  return out
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return []
  const s = toSchema(schema, 'input') as { properties?: Record<string, Json>; required?: string[] }
  return Object.entries(s.properties ?? {}).map(([name, prop]) => ({
    name,
    in: where,
    required: where === 'path' || (s.required ?? []).includes(name),
    schema: prop,
    ...(typeof prop.description === 'string' ? { description: prop.description } : {}),
  }))
}

const ErrorSchema = {
  type: 'object',
  required: ['error', 'requestId'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', examples: ['VALIDATION_FAILED'] },
        message: { type: 'string' },
        details: { description: 'e.g. {fields: [{field, message}]} for VALIDATION_FAILED' },
      },
    },
    requestId: { type: 'string' },
  },
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
})

/**
 * The OpenAPI 3.1 document, generated from the same route declarations and zod schemas that
 * validate requests, so it cannot drift from what the API accepts.
 */
export function buildOpenApi(routes: RouteDoc[], info: { title: string; version: string; description?: string }) {
  const paths: Record<string, Record<string, Json>> = {}
  for (const { method, path, spec } of routes) {
    const p = path.replace(/:(\w+)/g, '{$1}')
    const parameters = [...parametersOf(spec.params, 'path'), ...parametersOf(spec.query, 'query')]
    if (spec.idempotent) {
      parameters.push({
        name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 128 },
        description: '重试时使用同一个键，服务器返回第一次的结果，不会重复创建',
      })
    }
    const dataSchema = spec.response ? toSchema(spec.response, 'output') : {}
    const successBody = {
      type: 'object',
      required: ['data'],
      properties: {
        data: dataSchema,
        ...(spec.paginated
          ? { page: { type: 'object', properties: { nextCursor: { type: ['string', 'null'] } }, required: ['nextCursor'] } }
          : {}),
      },
    }
    const status = String(spec.status ?? 200)
    const responses: Json = {
      [status]: spec.response || spec.status !== undefined || method !== 'post'
        ? { description: '成功', content: { 'application/json': { schema: successBody } } }
        : { description: '成功' },
      '400': errorResponse('请求参数无效（details.fields 指出字段）'),
      '404': errorResponse('不存在或不在可见范围'),
      '409': errorResponse('与当前状态冲突'),
      '429': errorResponse('请求过于频繁'),
    }
    if (spec.auth !== 'none') {
      responses['401'] = errorResponse('未登录或凭证无效')
      responses['403'] = errorResponse('无权执行')
    }
    paths[p] ??= {}
    paths[p][method] = {
      operationId: `${method}${p.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: spec.tags,
      ...(spec.auth !== 'none' ? { security: [{ bearerAuth: [] }] } : { security: [] }),
      ...(parameters.length ? { parameters } : {}),
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(spec.body, 'input') } } } } : {}),
      responses,
    }
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: ErrorSchema },
    },
  }
}
