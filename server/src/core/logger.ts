import pino, { type Logger } from 'pino'

const SECRET_KEYS = ['token', 'secret', 'password', 'session_key', 'access_token', 'appsecret', 'authorization', 'sig']
const PHONE_KEYS = ['phone', 'contactPhone', 'phoneNumber', 'purePhoneNumber', 'mobile']

const paths = [
  'req.headers.authorization',
  'req.headers.cookie',
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`]),
  ...PHONE_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
]

/** 13812345678 → 138****5678: enough to recognise, not enough to call. */
export function maskPhone(value: string): string {
  return value.replace(/(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g, '$1****$2')
}

/** Masks phone numbers and credentials that slipped into free text (URLs, messages). */
export function maskText(value: string): string {
  return maskPhone(value).replace(
    /\b(access_token|secret|js_code|code|token|sig)=([^&\s"]+)/gi,
    (_m, key: string) => `${key}=***`,
  )
}

function censor(value: unknown, path: string[]): unknown {
  const key = path[path.length - 1] ?? ''
  if (PHONE_KEYS.includes(key) && typeof value === 'string') return maskPhone(value)
  return value === undefined || value === null ? value : '***'
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'qjt-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths, censor },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? maskText(a) : a)) as Parameters<typeof method>,
          )
        },
      },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  )
}
