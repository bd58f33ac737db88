import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

/**
 * Every setting the server reads, validated once at start.
 * Development and test get working defaults; production must say every secret itself.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const csv = z.string().transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** Behind a reverse proxy: trust X-Forwarded-For for client addresses (rate limits, logs). */
  TRUST_PROXY: bool.default(false),
  /** Where the embedded database and other local state live; persists across restarts. */
  DATA_DIR: z.string().default('data'),
  /** A real MongoDB 6+ (or FerretDB) server; unset = start the embedded FerretDB. */
  MONGODB_URI: z.string().optional(),
  MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]+$/).default('qjt'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  /** Public origin of this deployment, used in QR codes and links sent to users. */
  PUBLIC_BASE_URL: z.string().url().optional(),
  CORS_ORIGINS: csv.default([]),
  JWT_SECRET: z.string().min(32).optional(),
  JWT_EXPIRES_IN: z.string().regex(/^\d+[smhd]?$/).default('2h'),
  /** Log-ins allowed per client address per minute. */
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(30),
  INVITATION_TTL_HOURS: z.coerce.number().int().positive().max(24 * 30).default(72),
  WECHAT_APPID: z.string().optional(),
  WECHAT_SECRET: z.string().optional(),
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  /** Start the local WeChat stand-in and point the client at it (development and tests). */
  WECHAT_STANDIN: bool.optional(),
  WECHAT_STANDIN_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Serve the H5 build of the mini-program at `/`. */
  SERVE_H5: bool.default(true),
  H5_DIR: z.string().optional(),
  /** Load reference and demo data at start (idempotent). */
  SEED_ON_START: bool.optional(),
})

export type Env = ReturnType<typeof resolve>

export class EnvError extends Error {}

const DEV_JWT_SECRET = 'development-only-secret-do-not-use-in-production'
const DEV_APPID = 'wx0000000000000000'
const DEV_SECRET = 'development-app-secret'

/** Secrets production must set explicitly; a missing one stops the start. */
const PRODUCTION_REQUIRED = ['JWT_SECRET', 'WECHAT_APPID', 'WECHAT_SECRET', 'MONGODB_URI', 'PUBLIC_BASE_URL'] as const

function resolve(raw: z.infer<typeof EnvSchema>, rootDir: string) {
  const production = raw.NODE_ENV === 'production'
  const port = raw.PORT
  return {
    nodeEnv: raw.NODE_ENV,
    production,
    test: raw.NODE_ENV === 'test',
    port,
    host: raw.HOST,
    trustProxy: raw.TRUST_PROXY,
    rootDir,
    dataDir: path.resolve(rootDir, raw.DATA_DIR),
    mongodbUri: raw.MONGODB_URI,
    mongodbDb: raw.MONGODB_DB,
    logLevel: raw.LOG_LEVEL ?? (raw.NODE_ENV === 'test' ? 'silent' : 'info'),
    publicBaseUrl: (raw.PUBLIC_BASE_URL ?? `http://127.0.0.1:${port}`).replace(/\/$/, ''),
    corsOrigins: raw.CORS_ORIGINS,
    jwtSecret: raw.JWT_SECRET ?? DEV_JWT_SECRET,
    jwtExpiresIn: raw.JWT_EXPIRES_IN,
    loginRateLimit: raw.LOGIN_RATE_LIMIT,
    invitationTtlHours: raw.INVITATION_TTL_HOURS,
    wechat: {
      appid: raw.WECHAT_APPID ?? DEV_APPID,
      secret: raw.WECHAT_SECRET ?? DEV_SECRET,
      apiBase: raw.WECHAT_API_BASE.replace(/\/$/, ''),
      standin: raw.WECHAT_STANDIN ?? !production,
      standinPort: raw.WECHAT_STANDIN_PORT,
    },
    /** Logging in with a typed openid (`dev-<openid>` codes) is for development only. */
    devLogin: !production,
    serveH5: raw.SERVE_H5,
    h5Dir: path.resolve(rootDir, raw.H5_DIR ?? 'miniapp/dist/h5'),
    seedOnStart: raw.SEED_ON_START ?? !production,
  }
}

/** Walks up from `start` to the folder holding the workspace root package.json. */
export function findRootDir(start = process.cwd()): string {
  let dir = path.resolve(start)
  for (;;) {
    const file = path.join(dir, 'package.json')
    if (fs.existsSync(file) && (JSON.parse(fs.readFileSync(file, 'utf8')) as { workspaces?: unknown }).workspaces) {
      return dir
    }
    const parent = path.dirname(dir)
    if (parent === dir) return path.resolve(start)
    dir = parent
  }
}

/**
 * Reads and checks the environment once. Throws EnvError with every problem listed,
 * so a misconfigured deployment stops with one clear message instead of failing later.
 */
export function loadEnv(source: NodeJS.ProcessEnv = process.env, rootDir = findRootDir()): Env {
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== '')))
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new EnvError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  if (parsed.data.NODE_ENV === 'production') {
    const missing = PRODUCTION_REQUIRED.filter((k) => !parsed.data[k])
    if (missing.length > 0) {
      throw new EnvError(
        `Refusing to start in production: set ${missing.join(', ')} (see README, "Configuration"). ` +
          'Development defaults are never used in production.',
      )
    }
  }
  return resolve(parsed.data, rootDir)
}
