/**
 * Every error the API can answer with: a stable machine code, its HTTP status and the Chinese
 * message a user sees. The mini-program switches on `code`; the server raises them by name.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, message: '提交的内容有误，请检查后重试' },
  INVALID_ID: { status: 400, message: '编号格式不正确' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  TOKEN_EXPIRED: { status: 401, message: '登录已过期，请重新登录' },
  FORBIDDEN: { status: 403, message: '没有权限进行此操作' },
  ORG_REQUIRED: { status: 403, message: '请先注册或加入单位' },
  NOT_FOUND: { status: 404, message: '内容不存在' },
  ROUTE_NOT_FOUND: { status: 404, message: '接口不存在' },
  USER_NOT_FOUND: { status: 404, message: '用户不存在' },
  ORG_NOT_FOUND: { status: 404, message: '单位不存在' },
  MEMBER_NOT_FOUND: { status: 404, message: '成员不存在' },
  INVITATION_NOT_FOUND: { status: 404, message: '邀请码不存在' },
  INSTITUTION_NOT_FOUND: { status: 404, message: '检定机构不存在' },
  INSTRUMENT_NOT_FOUND: { status: 404, message: '器具不存在' },
  NOTIFICATION_NOT_FOUND: { status: 404, message: '通知不存在' },
  BOOKING_NOT_FOUND: { status: 404, message: '预约单不存在' },
  TASK_NOT_FOUND: { status: 404, message: '检定任务不存在' },
  CONFLICT: { status: 409, message: '数据已存在或已被修改，请刷新后重试' },
  STALE_VERSION: { status: 409, message: '数据已被他人修改，请刷新后重试' },
  ALREADY_IN_ORG: { status: 409, message: '您已属于一个单位，不能重复注册或加入' },
  DUPLICATE_SERIAL: { status: 409, message: '本单位已有相同二级目录和出厂编号的器具' },
  BOOKING_NOT_EDITABLE: { status: 409, message: '预约单已提交，不能修改' },
  BOOKING_SUBMITTING: { status: 409, message: '预约单正在提交，请稍后刷新' },
  TASK_NOT_ACTIONABLE: { status: 409, message: '任务状态已变化，请刷新后重试' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容过大' },
  IMPORT_TOO_LARGE: { status: 413, message: '导入文件过大：最大10MB、10000行，请拆分后分批导入' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '不支持的内容格式' },
  IMPORT_FILE_INVALID: { status: 400, message: '无法读取导入文件，请使用下载的模板（.xlsx）填写' },
  BUSINESS_RULE: { status: 422, message: '操作不符合规则' },
  INVITATION_EXPIRED: { status: 422, message: '邀请码已过期，请联系单位管理员重新邀请' },
  INVITATION_USED: { status: 422, message: '邀请码已被使用' },
  INVITATION_REVOKED: { status: 422, message: '邀请码已作废' },
  CANNOT_REMOVE_SELF: { status: 422, message: '不能移除自己' },
  INSTRUMENT_IN_BOOKING: { status: 422, message: '器具在未完成的预约中，不能进行此操作' },
  INSTRUMENT_SCRAPPED: { status: 422, message: '器具已报废，不能再修改' },
  INVALID_STATUS_CHANGE: { status: 422, message: '器具当前状态不能进行此操作' },
  BOOKING_ITEMS_INVALID: { status: 422, message: '部分器具不能预约' },
  NO_INSTITUTION: { status: 422, message: '部分器具所在地区没有授权的检定机构' },
  WECHAT_LOGIN_FAILED: { status: 422, message: '微信登录失败，请重试' },
  WECHAT_PHONE_FAILED: { status: 422, message: '获取手机号失败，请重试' },
  DEV_LOGIN_DISABLED: { status: 403, message: '正式环境不支持开发登录' },
  WECHAT_SIGNATURE_INVALID: { status: 403, message: '微信消息签名校验失败' },
  RATE_LIMITED: { status: 429, message: '操作太频繁，请稍后再试' },
  INTERNAL: { status: 500, message: '服务器开小差了，请稍后再试' },
  WECHAT_UNAVAILABLE: { status: 502, message: '微信服务暂时不可用，请稍后再试' },
  DATABASE_UNAVAILABLE: { status: 503, message: '服务暂时不可用，请稍后再试' },
} as const satisfies Record<string, { status: number; message: string }>

export type ErrorCode = keyof typeof ERRORS

/** One field problem, named by its path in the request (`contactPhone`, `items.2.serialNo`). */
export interface FieldError {
  path: string
  message: string
}

/** The body of every non-2xx answer. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: FieldError[]; requestId?: string }
}
