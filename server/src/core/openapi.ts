import { z, type ZodType } from 'zod'
import { ERRORS } from '@qjt/shared'
import type { RouteDef } from './route'

const toSchema = (schema: ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERRORS) },
        message: { type: 'string', description: '可直接展示给用户的中文说明' },
        details: {
          type: 'array',
          items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
        },
        requestId: { type: 'string' },
      },
    },
  },
}

/** `/orgs/members/:userId` → `/orgs/members/{userId}` */
const openApiPath = (path: string) => path.replace(/:([A-Za-z_]\w*)/g, '{$1}')

function parameters(def: RouteDef) {
  const list: Record<string, unknown>[] = []
  for (const [where, schema] of [['path', def.params], ['query', def.query]] as const) {
    if (!schema) continue
    const json = toSchema(schema) as { properties?: Record<string, unknown>; required?: string[] }
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      list.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: property })
    }
  }
  return list
}

/** The OpenAPI 3 document, generated from the same zod schemas that validate requests. */
export function buildOpenApi(routes: RouteDef[], info: { version: string; serverUrl: string }) {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const def of routes) {
    const path = openApiPath(def.path)
    const status = String(def.status ?? 200)
    const response = def.response
    const success =
      response && 'contentType' in response
        ? { description: response.description, content: { [response.contentType]: { schema: { type: 'string', format: 'binary' } } } }
        : response
          ? { description: 'OK', content: { 'application/json': { schema: toSchema(response as ZodType) } } }
          : { description: status === '204' ? 'No Content' : 'OK' }
    paths[path] ??= {}
    paths[path][def.method] = {
      summary: def.summary,
      tags: [def.tag],
      operationId: `${def.method}${path.replace(/[{}]/g, '').replace(/\/(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/\W/g, '')}`,
      ...(def.access === 'public' ? { security: [] } : { 'x-permission': def.access }),
      parameters: parameters(def),
      ...(def.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(def.body) } } } } : {}),
      responses: {
        [status]: success,
        default: { description: '错误', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    }
  }
  return {
    openapi: '3.0.3',
    info: { title: '强检通 API', version: info.version, description: '强制检定计量器具台账、预约、证书与提醒' },
    servers: [{ url: info.serverUrl }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: errorSchema },
    },
    security: [{ bearer: [] }],
    paths,
  }
}
