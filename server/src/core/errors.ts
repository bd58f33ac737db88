import { ERRORS, type ErrorCode, type FieldError } from '@qjt/shared'

/**
 * The one error type the API raises on purpose. Its code decides the status (from the shared
 * catalogue); the message is Chinese and safe to show; details name the fields at fault.
 */
export class AppError extends Error {
  readonly status: number

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: FieldError[],
  ) {
    super(message ?? ERRORS[code].message)
    this.name = 'AppError'
    this.status = ERRORS[code].status
  }
}

export const fieldError = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', message, [{ path, message }])

export const notFound = (code: ErrorCode = 'NOT_FOUND') => new AppError(code)
export const forbidden = (message?: string) => new AppError('FORBIDDEN', message)
export const businessRule = (code: ErrorCode, message?: string) => new AppError(code, message)
