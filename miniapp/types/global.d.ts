/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.gif'
declare module '*.jpg'
declare module '*.jpeg'
declare module '*.svg'
declare module '*.css'
declare module '*.scss'

/** `/api/v1` on H5 (same origin), an absolute URL on weapp; set in config/index.ts. */
declare const API_BASE: string
/** Whether the H5 development login page is offered (TARO_APP_DEV_LOGIN). */
declare const DEV_LOGIN_ENABLED: boolean

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production'
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn'
    TARO_APP_ID: string
    TARO_APP_API_BASE?: string
    TARO_APP_DEV_LOGIN?: string
  }
}
