import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import devConfig from './dev'
import prodConfig from './prod'

/** The workspace package the pages share with the server; Taro must transpile its TypeScript. */
const sharedSource = path.resolve(__dirname, '../../shared/src')

/** NutUI is drawn on a 375 px canvas, our own styles on 750. */
function designWidth(input?: string | number | { file?: string }): number {
  const file = typeof input === 'object' && input ? (input.file ?? '') : ''
  return file.replace(/\\/g, '/').includes('@nutui') ? 375 : 750
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value.trim() === '') return fallback
  return ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase())
}

export default defineConfig<'webpack5'>(async (merge) => {
  const isH5 = process.env.TARO_ENV === 'h5'
  // H5 is served by the API server itself, so it talks to the same origin.
  const apiBase = isH5 ? '/api/v1' : (process.env.TARO_APP_API_BASE || 'http://127.0.0.1:3000/api/v1')
  // The server refuses development login in production anyway; this only hides the page.
  const devLogin = flag(process.env.TARO_APP_DEV_LOGIN, true)

  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'qiangjiantong',
    date: '2026-11-27',
    designWidth,
    deviceRatio: {
      375: 2,
      640: 2.34 / 2,
      750: 1,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {
      API_BASE: JSON.stringify(apiBase),
      DEV_LOGIN_ENABLED: JSON.stringify(devLogin),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [sharedSource] },
      // Shared components are imported in different orders by different pages; our styles do not depend on it.
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      // A certificate's QR code encodes `${PUBLIC_BASE_URL}/#/verify?no=…&sig=…`: the short path
      // opens the check page, and so does its own path.
      router: { mode: 'hash', customRoutes: { '/packages/verify/index': ['/verify', '/packages/verify/index'] } },
      compile: { include: [sharedSource] },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
        // Budgets for the H5 build (React + Taro runtime alone are ~350 KB): warn when we outgrow them.
        chain.performance.maxEntrypointSize(700 * 1024).maxAssetSize(500 * 1024)
      },
    },
  }

  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
