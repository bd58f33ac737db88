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
  /** The service account (公众号) whose template messages stand in for SMS; unset in production = that channel is off. */
  WECHAT_OA_APPID: z.string().optional(),
  WECHAT_OA_SECRET: z.string().optional(),
  /** The token configured for the service account's message push (signature check). */
  WECHAT_OA_TOKEN: z.string().regex(/^[A-Za-z0-9]{3,32}$/, { error: '3–32 letters or digits, as WeChat requires' }).optional(),
  /** Subscribe-message template ids (mini-program); unset in production = not sent by subscribe message. */
  WECHAT_TMPL_BOOKING: z.string().optional(),
  WECHAT_TMPL_TASK: z.string().optional(),
  /** Official-account template ids; unset in production = not sent by template message. */
  WECHAT_OA_TMPL_BOOKING: z.string().optional(),
  WECHAT_OA_TMPL_TASK: z.string().optional(),
  /** Which version of the mini-program a subscribe message opens. */
  WECHAT_MINIPROGRAM_STATE: z.enum(['developer', 'trial', 'formal']).optional(),
  /** How often each process's notification worker looks for messages to send. */
  NOTIFY_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(2000),
  /** Sending attempts per message before it is marked failed. */
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
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
const DEV_OA_APPID = 'wx00000000000000a1'
const DEV_OA_SECRET = 'development-oa-secret'
const DEV_OA_TOKEN = 'developmentoatoken'
/** Template ids of the development stand-in; production uses none of them. */
const DEV_TEMPLATES = {
  booking: 'dev-tmpl-booking-status',
  task: 'dev-tmpl-task-created',
  oaBooking: 'dev-oa-tmpl-booking-status',
  oaTask: 'dev-oa-tmpl-task-created',
}

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
      /** The service account; null when production names none. */
      oa: officialAccount(raw, production),
      templates: {
        subscribe: {
          booking: raw.WECHAT_TMPL_BOOKING ?? (production ? null : DEV_TEMPLATES.booking),
          task: raw.WECHAT_TMPL_TASK ?? (production ? null : DEV_TEMPLATES.task),
        },
        oa: {
          booking: raw.WECHAT_OA_TMPL_BOOKING ?? (production ? null : DEV_TEMPLATES.oaBooking),
          task: raw.WECHAT_OA_TMPL_TASK ?? (production ? null : DEV_TEMPLATES.oaTask),
        },
      },
      miniprogramState: raw.WECHAT_MINIPROGRAM_STATE ?? (production ? 'formal' : 'developer'),
    },
    notifications: {
      intervalMs: raw.NOTIFY_INTERVAL_MS,
      maxAttempts: raw.NOTIFY_MAX_ATTEMPTS,
    },
    /** Logging in with a typed openid (`dev-<openid>` codes) is for development only. */
    devLogin: !production,
    serveH5: raw.SERVE_H5,
    h5Dir: path.resolve(rootDir, raw.H5_DIR ?? 'miniapp/dist/h5'),
    seedOnStart: raw.SEED_ON_START ?? !production,
  }
}

function officialAccount(raw: z.infer<typeof EnvSchema>, production: boolean) {
  if (production && !(raw.WECHAT_OA_APPID && raw.WECHAT_OA_SECRET)) return null
  return {
    appid: raw.WECHAT_OA_APPID ?? DEV_OA_APPID,
    secret: raw.WECHAT_OA_SECRET ?? DEV_OA_SECRET,
    /** Null: message pushes cannot be verified, so none is accepted. */
    token: raw.WECHAT_OA_TOKEN ?? (production ? null : DEV_OA_TOKEN),
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
