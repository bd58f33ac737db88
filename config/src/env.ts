import { createHash, createPrivateKey } from 'node:crypto'
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

/** A key id travels inside the QR code's signature (`kid.sig`), so it is short and has no `.`. */
const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/

/** `kid:<base64 PKCS#8 DER Ed25519 private key>`, comma-separated; each entry checked here so a bad key stops the start. */
const signingKeys = z.string().transform((v, ctx) => {
  const keys: SigningKey[] = []
  for (const entry of v.split(',').map((s) => s.trim()).filter(Boolean)) {
    const sep = entry.indexOf(':')
    const id = sep > 0 ? entry.slice(0, sep) : ''
    const pkcs8 = entry.slice(sep + 1)
    if (!KEY_ID.test(id)) {
      ctx.addIssue({ code: 'custom', message: `each key is "kid:<base64 PKCS#8>", kid 1-16 of A-Z a-z 0-9 _ - (got "${id || entry.slice(0, 8)}…")` })
    } else if (keys.some((k) => k.id === id)) {
      ctx.addIssue({ code: 'custom', message: `key id "${id}" appears twice` })
    } else if (!isEd25519PrivateKey(pkcs8)) {
      ctx.addIssue({ code: 'custom', message: `key "${id}" is not a base64 PKCS#8 Ed25519 private key` })
    } else {
      keys.push({ id, pkcs8 })
    }
  }
  if (keys.length === 0) ctx.addIssue({ code: 'custom', message: 'no key given' })
  return keys
})

function isEd25519PrivateKey(base64: string): boolean {
  try {
    return createPrivateKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'pkcs8' }).asymmetricKeyType === 'ed25519'
  } catch {
    return false
  }
}

/** One certificate-signing key: its id and the base64 PKCS#8 DER private key. */
export interface SigningKey {
  id: string
  pkcs8: string
}

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
  WECHAT_TMPL_REMINDER: z.string().optional(),
  /** Official-account template ids; unset in production = not sent by template message. */
  WECHAT_OA_TMPL_BOOKING: z.string().optional(),
  WECHAT_OA_TMPL_TASK: z.string().optional(),
  WECHAT_OA_TMPL_REMINDER: z.string().optional(),
  /** Which version of the mini-program a subscribe message opens. */
  WECHAT_MINIPROGRAM_STATE: z.enum(['developer', 'trial', 'formal']).optional(),
  /** How often each process's notification worker looks for messages to send. */
  NOTIFY_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(2000),
  /** Sending attempts per message before it is marked failed. */
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  /** How often each process looks for instruments due a reminder (one process at a time does it). */
  REMINDER_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(3_600_000),
  /** Serve the H5 build of the mini-program at `/`. */
  SERVE_H5: bool.default(true),
  H5_DIR: z.string().optional(),
  /** Load reference and demo data at start (idempotent). */
  SEED_ON_START: bool.optional(),
  /**
   * Ed25519 keys that sign certificate QR codes, `kid:<base64 PKCS#8 DER>` separated by commas.
   * The signing key (CERT_SIGNING_KEY_ID, else the first) signs new certificates; every listed key
   * verifies, so a key is rotated by putting a new one first and keeping the old ones. A key:
   * `node -e "console.log(require('crypto').generateKeyPairSync('ed25519').privateKey.export({type:'pkcs8',format:'der'}).toString('base64'))"`
   */
  CERT_SIGNING_KEYS: signingKeys.optional(),
  CERT_SIGNING_KEY_ID: z.string().regex(KEY_ID).optional(),
  /** Public certificate checks (QR scans) allowed per client address per minute. */
  CERT_LOOKUP_RATE_LIMIT: z.coerce.number().int().positive().default(60),
}).superRefine((v, ctx) => {
  if (v.CERT_SIGNING_KEY_ID && !(v.CERT_SIGNING_KEYS ?? [DEV_CERT_KEY]).some((k) => k.id === v.CERT_SIGNING_KEY_ID)) {
    ctx.addIssue({ code: 'custom', path: ['CERT_SIGNING_KEY_ID'], message: 'names no key of CERT_SIGNING_KEYS' })
  }
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
  reminder: 'dev-tmpl-reminder',
  oaReminder: 'dev-oa-tmpl-reminder',
}

/**
 * The development and test certificate key, derived from a fixed phrase: the same on every machine
 * and in every process without writing a file, and public by construction, which is why production
 * must name its own keys (a certificate signed with this one proves nothing).
 */
const DEV_CERT_KEY: SigningKey = {
  id: 'dev',
  pkcs8: Buffer.concat([
    // PKCS#8 prefix of an Ed25519 private key, followed by its 32-byte seed.
    Buffer.from('302e020100300506032b657004220420', 'hex'),
    createHash('sha256').update('qiangjiantong development certificate signing key').digest(),
  ]).toString('base64'),
}

/**
 * Secrets production must set explicitly; a missing one stops the start. CERT_SIGNING_KEYS is one:
 * without it every QR code would be signed with the public development key, i.e. forgeable.
 */
const PRODUCTION_REQUIRED = ['JWT_SECRET', 'WECHAT_APPID', 'WECHAT_SECRET', 'MONGODB_URI', 'PUBLIC_BASE_URL', 'CERT_SIGNING_KEYS'] as const

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
          reminder: raw.WECHAT_TMPL_REMINDER ?? (production ? null : DEV_TEMPLATES.reminder),
        },
        oa: {
          booking: raw.WECHAT_OA_TMPL_BOOKING ?? (production ? null : DEV_TEMPLATES.oaBooking),
          task: raw.WECHAT_OA_TMPL_TASK ?? (production ? null : DEV_TEMPLATES.oaTask),
          reminder: raw.WECHAT_OA_TMPL_REMINDER ?? (production ? null : DEV_TEMPLATES.oaReminder),
        },
      },
      miniprogramState: raw.WECHAT_MINIPROGRAM_STATE ?? (production ? 'formal' : 'developer'),
    },
    notifications: {
      intervalMs: raw.NOTIFY_INTERVAL_MS,
      maxAttempts: raw.NOTIFY_MAX_ATTEMPTS,
    },
    reminders: {
      intervalMs: raw.REMINDER_INTERVAL_MS,
    },
    /** Logging in with a typed openid (`dev-<openid>` codes) is for development only. */
    devLogin: !production,
    serveH5: raw.SERVE_H5,
    h5Dir: path.resolve(rootDir, raw.H5_DIR ?? 'miniapp/dist/h5'),
    seedOnStart: raw.SEED_ON_START ?? !production,
    certificates: certificateSigning(raw),
  }
}

function certificateSigning(raw: z.infer<typeof EnvSchema>) {
  const keys = raw.CERT_SIGNING_KEYS ?? [DEV_CERT_KEY]
  return {
    /** Every key that verifies; `signingKeyId` names the one that signs. */
    keys,
    signingKeyId: raw.CERT_SIGNING_KEY_ID ?? keys[0]!.id,
    lookupRateLimit: raw.CERT_LOOKUP_RATE_LIMIT,
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
