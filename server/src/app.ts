import Koa from 'koa'
import type Router from '@koa/router'
import { bodyParser } from '@koa/bodyparser'
import cors from '@koa/cors'
import helmet from 'koa-helmet'
import type { AppState } from './core/context'
import { AppError } from './core/errors'
import { errorHandler, requestContext } from './core/http'
import { buildOpenApi } from './core/openapi'
import { buildRouter } from './core/router'
import { defineRoute, type RouteDef } from './core/route'
import { serveH5 } from './core/static'
import { healthRoutes } from './modules/health/routes'
import { apiRoutes } from './routes'
import { createServices, type AppDeps } from './services'

export const API_PREFIX = '/api/v1'

/** Builds the Koa app from its dependencies; nothing here listens, connects or reads the environment. */
export function createApp(deps: AppDeps, extra: { routes?: RouteDef[]; devRouter?: Router<AppState> } = {}) {
  const { config, logger } = deps
  const services = createServices(deps)
  const app = new Koa<AppState>({ proxy: config.trustProxy })

  const openapiRoute = defineRoute({
    method: 'get',
    path: '/openapi.json',
    summary: 'OpenAPI 文档（由校验请求的同一组 zod 模式生成）',
    tag: 'meta',
    access: 'public',
    handler: () => openapi,
  })
  const routes = [...apiRoutes, ...(extra.routes ?? []), openapiRoute]
  const openapi = buildOpenApi(routes, { version: '1', serverUrl: `${config.publicBaseUrl}${API_PREFIX}` })

  const api = buildRouter(routes, services, API_PREFIX)
  const root = buildRouter(healthRoutes, services, '')

  app.use(requestContext(logger))
  app.use(errorHandler())
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          // The H5 build boots from one small inline script and inline styles.
          scriptSrc: ["'self'", "'unsafe-inline'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'", ...config.corsOrigins],
          fontSrc: ["'self'", 'data:'],
          upgradeInsecureRequests: null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  )
  app.use(
    cors({
      origin: (ctx) => {
        const origin = ctx.get('Origin')
        return config.corsOrigins.includes(origin) ? origin : ''
      },
      exposeHeaders: ['X-Request-Id', 'Content-Disposition'],
      maxAge: 600,
    }),
  )
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '1mb', encoding: 'utf-8' }))
  app.use(root.routes())
  app.use(api.routes())
  app.use(api.allowedMethods({ throw: false }))
  if (extra.devRouter) app.use(extra.devRouter.routes())
  if (config.serveH5) app.use(serveH5(config.h5Dir))
  app.use(async (ctx) => {
    if (ctx.path.startsWith('/api/')) throw new AppError('ROUTE_NOT_FOUND')
    ctx.status = 404
    ctx.type = 'text'
    ctx.body = 'Not Found'
  })

  return { app, services, routes, openapi }
}

export type App = ReturnType<typeof createApp>
