import { defineRoute } from '../../core/route'
import { pingDatabase } from '../../db/connect'
import { AppError } from '../../core/errors'

/** Liveness and readiness for a process manager or load balancer; mounted outside /api/v1. */
export const healthRoutes = [
  defineRoute({
    method: 'get',
    path: '/healthz',
    summary: '进程存活检查',
    tag: 'health',
    access: 'public',
    handler: () => ({ status: 'ok' }),
  }),
  defineRoute({
    method: 'get',
    path: '/readyz',
    summary: '就绪检查（数据库可用）',
    tag: 'health',
    access: 'public',
    handler: async () => {
      if (!(await pingDatabase())) throw new AppError('DATABASE_UNAVAILABLE')
      return { status: 'ready' }
    },
  }),
]
