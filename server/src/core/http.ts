import { randomUUID } from 'node:crypto'
import type { Middleware } from 'koa'
import mongoose from 'mongoose'
import type { Logger } from 'pino'
import { ERRORS, type ErrorBody } from '@qjt/shared'
import type { AppState } from './context'
import { AppError } from './errors'
import { maskText } from './logger'

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/

/** Gives every request an id (kept from a proxy's X-Request-Id when sane), a logger and an access log line. */
export function requestContext(logger: Logger): Middleware<AppState> {
  return async (ctx, next) => {
    const incoming = ctx.get('X-Request-Id')
    const requestId = REQUEST_ID.test(incoming) ? incoming : randomUUID()
    ctx.state.requestId = requestId
    ctx.state.log = logger.child({ requestId })
    ctx.set('X-Request-Id', requestId)
    const started = process.hrtime.bigint()
    try {
      await next()
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      ctx.state.log.info(
        { method: ctx.method, url: maskText(ctx.originalUrl), status: ctx.status, ms: Math.round(ms * 10) / 10, userId: ctx.state.actor?.userId },
        'request',
      )
    }
  }
}

/** Maps anything thrown below it to the API's error shape; the only place that does. */
export function errorHandler(): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next()
    } catch (err) {
      const appError = toAppError(err)
      if (appError.status >= 500) ctx.state.log?.error({ err }, 'request failed')
      const body: ErrorBody = {
        error: {
          code: appError.code,
          message: appError.message,
          ...(appError.details ? { details: appError.details } : {}),
          requestId: ctx.state.requestId,
        },
      }
      ctx.status = appError.status
      ctx.body = body
      if (appError.code === 'RATE_LIMITED') ctx.set('Retry-After', '60')
    }
  }
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err
  if (err instanceof mongoose.Error.CastError) {
    return new AppError('INVALID_ID', `${err.path === '_id' ? '编号' : err.path}格式不正确`, [{ path: err.path, message: '格式不正确' }])
  }
  if (err instanceof mongoose.Error.ValidationError) {
    const details = Object.values(err.errors).map((e) => ({ path: e.path, message: '格式不正确' }))
    return new AppError('VALIDATION_FAILED', undefined, details)
  }
  const e = err as { code?: number; status?: number; type?: string; name?: string }
  if (e.code === 11000) return new AppError('CONFLICT')
  if (e.status === 413 || e.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', '提交的内容超过1MB上限')
  if (e.status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE')
  if (e.status === 400 && (e.type === 'entity.parse.failed' || e.name === 'SyntaxError')) {
    return new AppError('VALIDATION_FAILED', '请求内容不是有效的 JSON')
  }
  if (e.name === 'MongoServerSelectionError' || e.name === 'MongoNetworkError' || e.name === 'MongoNotConnectedError') {
    return new AppError('DATABASE_UNAVAILABLE')
  }
  return new AppError('INTERNAL', ERRORS.INTERNAL.message)
}
