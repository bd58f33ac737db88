import type { ParameterizedContext } from 'koa'
import type { RouterContext } from '@koa/router'
import type { ZodType } from 'zod'
import type { Actor, AppState } from './context'
import type { Permission } from './authz'
import type { Services } from '../services'

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'
export type AppContext = ParameterizedContext<AppState> & RouterContext<AppState>

/** `'public'` routes answer without a login; every other route names its permission. */
export type Access = 'public' | Permission

export interface HandlerInput<A extends Access, P, Q, B> {
  actor: A extends 'public' ? undefined : Actor
  params: P
  query: Q
  body: B
  services: Services
}

export interface RouteDef<A extends Access = Access, P = unknown, Q = unknown, B = unknown> {
  method: Method
  /** Path below `/api/v1`, in @koa/router syntax (`/orgs/members/:userId`). */
  path: string
  /** One line for the OpenAPI document. */
  summary: string
  tag: string
  access: A
  params?: ZodType<P>
  query?: ZodType<Q>
  body?: ZodType<B>
  /** Describes the success body in the OpenAPI document. */
  response?: ZodType | { description: string; contentType: string }
  /** Success status; 200 unless said. */
  status?: number
  /**
   * Returns the response body. A handler that streams or sends a file sets `ctx.body` itself and
   * returns undefined.
   */
  handler: (input: HandlerInput<A, P, Q, B>, ctx: AppContext) => Promise<unknown> | unknown
}

/** Keeps each route's types tied together; the array of routes is what the router and OpenAPI read. */
export function defineRoute<A extends Access, P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  def: RouteDef<A, P, Q, B>,
): RouteDef {
  return def as unknown as RouteDef
}
