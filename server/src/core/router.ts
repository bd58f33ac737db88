import Router from '@koa/router'
import type { AppState } from './context'
import { authorize } from './authz'
import { AppError } from './errors'
import type { AppContext, RouteDef } from './route'
import { EmptySchema, parseOrThrow } from './validate'
import type { Services } from '../services'

/** Who is calling, from the bearer token; 401 without one. */
async function authenticate(ctx: AppContext, services: Services) {
  const header = ctx.get('Authorization')
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match) throw new AppError('UNAUTHENTICATED')
  return services.auth.actorFor(match[1]!)
}

/**
 * Mounts route definitions on a router. Each request goes the same way:
 * authenticate → authorize → validate params, query and body → handler → response.
 */
export function buildRouter(routes: RouteDef[], services: Services, prefix: string): Router<AppState> {
  const router = new Router<AppState>({ prefix })
  for (const def of routes) {
    router[def.method](def.path, async (ctx: AppContext) => {
      let actor
      if (def.access !== 'public') {
        actor = await authenticate(ctx, services)
        ctx.state.actor = actor
        authorize(actor, def.access)
      }
      const params = parseOrThrow(def.params ?? EmptySchema, { ...ctx.params })
      const query = parseOrThrow(def.query ?? EmptySchema, { ...ctx.query })
      const body = parseOrThrow(def.body ?? EmptySchema, ctx.request.body ?? {})
      const result = await def.handler({ actor, params, query, body, services } as never, ctx)
      if (result !== undefined) {
        ctx.body = result
        ctx.status = def.status ?? 200
      } else if (ctx.body === undefined || ctx.body === null) {
        ctx.status = def.status ?? 204
      }
    })
  }
  return router
}
