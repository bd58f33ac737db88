import fs from 'node:fs'
import path from 'node:path'
import type { Middleware } from 'koa'
import send from 'koa-send'

const MISSING_BUILD = `<!doctype html><meta charset="utf-8"><title>强检通</title>
<p style="font:16px sans-serif;padding:24px">小程序 H5 版本尚未构建。请在项目根目录运行 <code>npm run build:h5</code> 后刷新。</p>`

/**
 * Serves the H5 build of the mini-program at `/`. The hash router keeps every deep link on
 * `/`, so only real files are served; hashed assets are cached for a long time, the page never.
 */
export function serveH5(dir: string): Middleware {
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.path.startsWith('/api/')) return next()
    if (!fs.existsSync(path.join(dir, 'index.html'))) {
      if (ctx.path !== '/') return next()
      ctx.type = 'html'
      ctx.body = MISSING_BUILD
      return
    }
    const file = ctx.path === '/' ? '/index.html' : ctx.path
    try {
      await send(ctx, file, {
        root: dir,
        setHeaders(res, filePath) {
          const hashed = /\.[0-9a-f]{8,}\.(js|css)$/.test(filePath) || filePath.includes(`${path.sep}static${path.sep}`)
          res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
        },
      })
    } catch (err) {
      if ((err as { status?: number }).status === 404) return next()
      throw err
    }
  }
}
