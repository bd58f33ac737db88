import { Writable } from 'node:stream'
import pino from 'pino'
import { defineRoute } from '../src/core/route'
import { createLogger } from '../src/core/logger'
import { buildTestApp, bearer, type TestApp } from './helpers/app'
import { buildUser, tokenFor } from './helpers/factories'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

describe('health', () => {
  it('answers /healthz and /readyz', async () => {
    await t.request.get('/healthz').expect(200, { status: 'ok' })
    await t.request.get('/readyz').expect(200, { status: 'ready' })
  })
})

describe('every response', () => {
  it('carries a request id, echoing a sane incoming one', async () => {
    const res = await t.request.get('/healthz')
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    const echoed = await t.request.get('/healthz').set('X-Request-Id', 'edge-proxy-123456')
    expect(echoed.headers['x-request-id']).toBe('edge-proxy-123456')
    const refused = await t.request.get('/healthz').set('X-Request-Id', '<script>')
    expect(refused.headers['x-request-id']).not.toBe('<script>')
  })

  it('has security headers', async () => {
    const res = await t.request.get('/healthz')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['content-security-policy']).toContain("default-src 'self'")
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN')
  })
})

describe('errors', () => {
  it('answers an unknown API path with the error shape', async () => {
    const res = await t.request.get('/api/v1/nothing-here').expect(404)
    expect(res.body.error).toMatchObject({ code: 'ROUTE_NOT_FOUND', message: '接口不存在', requestId: res.headers['x-request-id'] })
  })

  it('refuses a JSON body over 1 MB with 413', async () => {
    const big = JSON.stringify({ code: 'x'.repeat(1024 * 1024 + 10) })
    const res = await t.request.post('/api/v1/auth/wechat').set('Content-Type', 'application/json').send(big).expect(413)
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('refuses malformed JSON with 400', async () => {
    const res = await t.request.post('/api/v1/auth/wechat').set('Content-Type', 'application/json').send('{"code":').expect(400)
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: '请求内容不是有效的 JSON' })
  })

  it('refuses unknown query parameters', async () => {
    const user = await buildUser({ roles: ['unit_admin'] })
    const res = await t.request.get('/api/v1/orgs/members?sort=name').set(bearer(tokenFor(t, user))).expect(400)
    expect(res.body.error.details).toEqual([{ path: 'sort', message: '不支持的字段：sort' }])
  })

  it('hides internals of unexpected failures behind a 500 with the request id', async () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const broken = await buildTestApp({
      logger: pino({ level: 'error' }, sink),
      routes: [
        defineRoute({
          method: 'get',
          path: '/explode',
          summary: 'test',
          tag: 'test',
          access: 'public',
          handler: () => {
            throw new Error('E11000 secret internals at /srv/app.js:12')
          },
        }),
      ],
    })
    const res = await broken.request.get('/api/v1/explode').expect(500)
    expect(res.body.error).toEqual({ code: 'INTERNAL', message: '服务器开小差了，请稍后再试', requestId: res.headers['x-request-id'] })
    expect(JSON.stringify(res.body)).not.toContain('secret internals')
    expect(lines.join('')).toContain('secret internals')
    await broken.close()
  })
})

describe('CORS', () => {
  it('allows configured origins only', async () => {
    const withCors = await buildTestApp({ env: { CORS_ORIGINS: 'https://admin.example.cn' } })
    try {
      const ok = await withCors.request.get('/healthz').set('Origin', 'https://admin.example.cn')
      expect(ok.headers['access-control-allow-origin']).toBe('https://admin.example.cn')
      const other = await withCors.request.get('/healthz').set('Origin', 'https://evil.example.com')
      expect(other.headers['access-control-allow-origin']).toBeUndefined()
    } finally {
      await withCors.close()
    }
  })
})

describe('OpenAPI', () => {
  it('describes every route from the same schemas that validate', async () => {
    const res = await t.request.get('/api/v1/openapi.json').expect(200)
    expect(res.body.openapi).toBe('3.0.3')
    for (const route of t.app.routes) {
      const path = route.path.replace(/:(\w+)/g, '{$1}')
      expect(res.body.paths[path]?.[route.method]).toBeDefined()
    }
    const register = res.body.paths['/orgs'].post
    const schema = register.requestBody.content['application/json'].schema
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'regionCode', 'address', 'contactName', 'contactPhone']))
    expect(schema.required).not.toContain('uscc')
    expect(res.body.paths['/orgs/members'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['page', 'pageSize'])
  })
})

describe('logs', () => {
  it('mask phone numbers, tokens and secrets', () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const log = createLogger('info', sink as never)
    log.info({ contactPhone: '13912345678', token: 'eyJhbGciOi.secret', req: { headers: { authorization: 'Bearer abc' } } }, 'call 13800001111')
    log.info('GET /sns/jscode2session?appid=wx1&secret=s3cr3t&js_code=abc')
    const text = lines.join('')
    expect(text).toContain('139****5678')
    expect(text).toContain('138****1111')
    for (const secret of ['13912345678', '13800001111', 'eyJhbGciOi.secret', 'Bearer abc', 's3cr3t', 'js_code=abc']) {
      expect(text).not.toContain(secret)
    }
  })
})
