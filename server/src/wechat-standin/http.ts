import type { IncomingMessage, ServerResponse } from 'node:http'
import type { StandinApi, StandinState } from './state'

/** What a route hands back; the server writes it. APIs of api.weixin.qq.com always use status 200. */
export interface Reply {
  status?: number
  body: unknown
  /** Defaults to JSON; set for the HTML page. */
  contentType?: string
  headers?: Record<string, string>
}

export interface RouteInput {
  state: StandinState
  query: URLSearchParams
  /** The request body parsed as JSON; undefined when it is not JSON (or empty). */
  json: unknown
  /** APIs called with `?access_token=`: the app the (valid) token belongs to. */
  appid?: string
}

/** One api.weixin.qq.com endpoint. The server checks method, injected failures, JSON and token first. */
export interface ApiRoute {
  api: StandinApi
  method: 'GET' | 'POST'
  /** Called as `?access_token=`; the token is checked before `handle` runs. */
  usesToken: boolean
  /**
   * Whose token opens it: the mini-program's (the default) or the official account's. Without a
   * configured official account, its APIs accept the mini-program's token.
   */
  app?: 'miniprogram' | 'official_account'
  /** Returns the JSON body: a result, or `{errcode, errmsg}`. */
  handle(input: RouteInput): object
}

const MAX_BODY = 1024 * 1024

export async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) throw new Error('request body too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

export function write(res: ServerResponse, reply: Reply): void {
  const type = reply.contentType ?? 'application/json; charset=utf-8'
  const payload = typeof reply.body === 'string' && reply.contentType ? reply.body : JSON.stringify(reply.body)
  res.writeHead(reply.status ?? 200, { 'content-type': type, 'cache-control': 'no-store', ...reply.headers })
  res.end(payload)
}

/** A JSON object body, or undefined for anything else (arrays, strings, broken JSON). */
export function objectBody(json: unknown): Record<string, unknown> | undefined {
  return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined
}

export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
