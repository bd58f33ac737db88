import { generateKeyPairSync } from 'node:crypto'
import jwt from 'jsonwebtoken'
import { buildTestApp, bearer, type TestApp } from '../../../test/helpers/app'
import { buildUser, loginWithWechat, tokenFor } from '../../../test/helpers/factories'
import { User } from './user.model'

const TEST_SECRET = 'development-only-secret-do-not-use-in-production'
let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

describe('POST /auth/wechat', () => {
  it('refuses a missing code with a Chinese field error', async () => {
    const res = await t.request.post('/api/v1/auth/wechat').send({}).expect(400)
    expect(res.body.error.code).toBe('VALIDATION_FAILED')
    expect(res.body.error.details).toEqual([{ path: 'code', message: '缺少登录凭证' }])
  })

  it('refuses unknown fields', async () => {
    const res = await t.request.post('/api/v1/auth/wechat').send({ code: 'dev-a', admin: true }).expect(400)
    expect(res.body.error.details).toEqual([{ path: 'admin', message: '不支持的字段：admin' }])
  })

  it('creates the user on first login and returns a token carrying user, org and roles', async () => {
    const res = await t.request.post('/api/v1/auth/wechat').send({ code: 'dev-first-timer' }).expect(200)
    expect(res.body.user).toMatchObject({ name: expect.stringContaining('微信用户'), roles: [], orgId: null })
    const claims = jwt.decode(res.body.token) as jwt.JwtPayload
    expect(claims).toMatchObject({ sub: res.body.user.id, org: null, roles: [] })
    // Default lifetime is two hours.
    expect((claims.exp! - claims.iat!) / 3600).toBe(2)
    expect(await User.countDocuments({ openid: 'first-timer' })).toBe(1)
  })

  it('logs the same person in again without creating a second user', async () => {
    const a = await loginWithWechat(t, 'returning')
    const b = await loginWithWechat(t, 'returning')
    expect(a.userId).toBe(b.userId)
    expect(await User.countDocuments({ openid: 'returning' })).toBe(1)
  })

  it('carries the organization and roles of a member', async () => {
    const user = await buildUser({ roles: ['unit_admin'], openid: 'member-login' })
    const res = await t.request.post('/api/v1/auth/wechat').send({ code: 'dev-member-login' }).expect(200)
    expect(res.body.user).toMatchObject({ id: String(user._id), roles: ['unit_admin'], orgId: String(user.orgId) })
  })

  it('answers 422 for a code WeChat does not know, and for a used one', async () => {
    let res = await t.request.post('/api/v1/auth/wechat').send({ code: 'not-a-real-code' }).expect(422)
    expect(res.body.error.code).toBe('WECHAT_LOGIN_FAILED')
    const code = t.standin.issueLoginCode('once-only')
    await t.request.post('/api/v1/auth/wechat').send({ code }).expect(200)
    res = await t.request.post('/api/v1/auth/wechat').send({ code }).expect(422)
    expect(res.body.error.message).toContain('已使用')
  })

  it('answers 502 when WeChat is busy, and nothing is created', async () => {
    t.standin.failNext('jscode2session', -1)
    const res = await t.request.post('/api/v1/auth/wechat').send({ code: 'dev-busy-day' }).expect(502)
    expect(res.body.error.code).toBe('WECHAT_UNAVAILABLE')
    expect(await User.countDocuments({ openid: 'busy-day' })).toBe(0)
  })

  it('refuses development codes in production', async () => {
    const prod = await buildTestApp({
      env: {
        NODE_ENV: 'production',
        JWT_SECRET: 'x'.repeat(40),
        WECHAT_APPID: 'wx0000000000000000',
        WECHAT_SECRET: 'development-app-secret',
        MONGODB_URI: 'mongodb://127.0.0.1:1/',
        PUBLIC_BASE_URL: 'https://qjt.example.cn',
        CERT_SIGNING_KEYS: `prod1:${generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64')}`,
      },
    })
    try {
      const res = await prod.request.post('/api/v1/auth/wechat').send({ code: 'dev-demo-unit' }).expect(403)
      expect(res.body.error.code).toBe('DEV_LOGIN_DISABLED')
    } finally {
      await prod.close()
    }
  })

  it('limits log-ins per client address', async () => {
    const limited = await buildTestApp({ env: { LOGIN_RATE_LIMIT: '3' } })
    try {
      for (let i = 0; i < 3; i++) await limited.request.post('/api/v1/auth/wechat').send({ code: 'dev-rate' }).expect(200)
      const res = await limited.request.post('/api/v1/auth/wechat').send({ code: 'dev-rate' }).expect(429)
      expect(res.body.error.code).toBe('RATE_LIMITED')
      expect(res.headers['retry-after']).toBeDefined()
    } finally {
      await limited.close()
    }
  })
})

describe('GET /me', () => {
  it('needs a token', async () => {
    const res = await t.request.get('/api/v1/me').expect(401)
    expect(res.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录' })
  })

  it('refuses a forged token and an expired one', async () => {
    const user = await buildUser()
    const forged = jwt.sign({ org: null, roles: ['regulator'] }, 'another-secret-another-secret-another', { subject: String(user._id) })
    await t.request.get('/api/v1/me').set(bearer(forged)).expect(401)
    const expired = jwt.sign({ org: null, roles: [], exp: Math.floor(Date.now() / 1000) - 10 }, TEST_SECRET, {
      subject: String(user._id),
    })
    const res = await t.request.get('/api/v1/me').set(bearer(expired)).expect(401)
    expect(res.body.error.code).toBe('TOKEN_EXPIRED')
  })

  it('shows the user with their organization', async () => {
    const user = await buildUser({ roles: ['unit_operator'] })
    const res = await t.request.get('/api/v1/me').set(bearer(tokenFor(t, user))).expect(200)
    expect(res.body).toMatchObject({
      id: String(user._id),
      roles: ['unit_operator'],
      org: { id: String(user.orgId), type: 'unit', regionCode: '152921', regionName: '内蒙古自治区 阿拉善盟 阿拉善左旗' },
    })
  })

  it('updates the name, validated', async () => {
    const user = await buildUser()
    const token = tokenFor(t, user)
    const bad = await t.request.patch('/api/v1/me').set(bearer(token)).send({ name: '' }).expect(400)
    expect(bad.body.error.details[0]).toEqual({ path: 'name', message: '请填写姓名' })
    const res = await t.request.patch('/api/v1/me').set(bearer(token)).send({ name: '王五' }).expect(200)
    expect(res.body.name).toBe('王五')
  })

  it('binds the phone number WeChat vouches for', async () => {
    const user = await buildUser({ openid: 'phone-owner' })
    const code = t.standin.issuePhoneCode('13812345678', 'phone-owner')
    const res = await t.request.post('/api/v1/me/phone').set(bearer(tokenFor(t, user))).send({ code }).expect(200)
    expect(res.body.phone).toBe('13812345678')
    const again = await t.request.post('/api/v1/me/phone').set(bearer(tokenFor(t, user))).send({ code }).expect(422)
    expect(again.body.error.code).toBe('WECHAT_PHONE_FAILED')
  })
})
