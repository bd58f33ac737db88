import { ERRORS, type ErrorCode, type FieldError } from '@qjt/shared'

/** Codes the client itself produces when no answer (or no usable answer) came back. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'BAD_RESPONSE'

export const CLIENT_MESSAGES: Record<ClientErrorCode, string> = {
  NETWORK_ERROR: '网络连接失败，请检查网络后重试',
  BAD_RESPONSE: '服务器返回了无法识别的内容，请稍后再试',
}

/** Every failed call ends as one of these; pages switch on `code`, users read `message`. */
export class ApiError extends Error {
  readonly status: number
  readonly code: ErrorCode | ClientErrorCode
  readonly details: FieldError[]
  readonly requestId: string | undefined

  constructor(init: {
    status: number
    code: ErrorCode | ClientErrorCode
    message: string
    details?: FieldError[]
    requestId?: string
  }) {
    super(init.message)
    this.name = 'ApiError'
    this.status = init.status
    this.code = init.code
    this.details = init.details ?? []
    this.requestId = init.requestId
  }
}

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && code in ERRORS
}

/** Builds the error from a non-2xx answer, falling back to the status when the body is not ours. */
export function errorFromResponse(status: number, body: unknown, headerRequestId?: string): ApiError {
  const err = (body as { error?: Record<string, unknown> } | null)?.error
  const code = isErrorCode(err?.code) ? err.code : fallbackCode(status)
  const message = typeof err?.message === 'string' && err.message ? err.message : messageFor(code, status)
  const details = Array.isArray(err?.details)
    ? (err.details as unknown[]).filter(
        (d): d is FieldError => typeof (d as FieldError)?.path === 'string' && typeof (d as FieldError)?.message === 'string',
      )
    : []
  const requestId = typeof err?.requestId === 'string' ? err.requestId : headerRequestId
  return new ApiError({ status, code, message, details, requestId })
}

function fallbackCode(status: number): ErrorCode | ClientErrorCode {
  if (status === 400) return 'VALIDATION_FAILED'
  if (status === 401) return 'UNAUTHENTICATED'
  if (status === 403) return 'FORBIDDEN'
  if (status === 404) return 'NOT_FOUND'
  if (status === 409) return 'CONFLICT'
  if (status === 413) return 'PAYLOAD_TOO_LARGE'
  if (status === 422) return 'BUSINESS_RULE'
  if (status === 429) return 'RATE_LIMITED'
  if (status >= 500) return 'INTERNAL'
  return 'BAD_RESPONSE'
}

function messageFor(code: ErrorCode | ClientErrorCode, status: number): string {
  if (code in CLIENT_MESSAGES) return CLIENT_MESSAGES[code as ClientErrorCode]
  return ERRORS[code as ErrorCode]?.message ?? `请求失败（${status}）`
}

/** A readable sentence for anything thrown, for pages that show an error state. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message
  return '出了点问题，请稍后再试'
}
