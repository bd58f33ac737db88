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
  REGION_OUT_OF_SCOPE: { status: 403, message: '只能查看本单位监管区域内的数据' },
  NOT_FOUND: { status: 404, message: '内容不存在' },
  ROUTE_NOT_FOUND: { status: 404, message: '接口不存在' },
  USER_NOT_FOUND: { status: 404, message: '用户不存在' },
  ORG_NOT_FOUND: { status: 404, message: '单位不存在' },
  MEMBER_NOT_FOUND: { status: 404, message: '成员不存在' },
  INVITATION_NOT_FOUND: { status: 404, message: '邀请码不存在' },
  INSTITUTION_NOT_FOUND: { status: 404, message: '检定机构不存在' },
  REGION_NOT_FOUND: { status: 404, message: '行政区划不存在' },
  INSTRUMENT_NOT_FOUND: { status: 404, message: '器具不存在' },
  NOTIFICATION_NOT_FOUND: { status: 404, message: '通知不存在' },
  BOOKING_NOT_FOUND: { status: 404, message: '预约单不存在' },
  TASK_NOT_FOUND: { status: 404, message: '检定任务不存在' },
  CERTIFICATE_NOT_FOUND: { status: 404, message: '证书不存在' },
  RECORD_NOT_FOUND: { status: 404, message: '检定记录不存在' },
  CONFLICT: { status: 409, message: '数据已存在或已被修改，请刷新后重试' },
  STALE_VERSION: { status: 409, message: '数据已被他人修改，请刷新后重试' },
  ALREADY_IN_ORG: { status: 409, message: '您已属于一个单位，不能重复注册或加入' },
  DUPLICATE_SERIAL: { status: 409, message: '本单位已有相同二级目录和出厂编号的器具' },
  BOOKING_NOT_EDITABLE: { status: 409, message: '预约单已提交，不能修改' },
  BOOKING_SUBMITTING: { status: 409, message: '预约单正在提交，请稍后刷新' },
  TASK_NOT_ACTIONABLE: { status: 409, message: '任务状态已变化，请刷新后重试' },
  RECORD_EXISTS: { status: 409, message: '该器具在本任务中已有检定记录，请在原记录上修改' },
  RECORD_NOT_ACTIONABLE: { status: 409, message: '检定记录状态已变化，请刷新后重试' },
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
  CERTIFICATE_ALREADY_REVOKED: { status: 422, message: '证书已撤销，不能重复撤销' },
  INSTRUMENT_NOT_IN_TASK: { status: 422, message: '该器具不在此检定任务中' },
  RECORD_ALREADY_APPROVED: { status: 422, message: '该器具在本任务中已有批准的检定记录' },
  SIGNER_CONFLICT: { status: 422, message: '同一人不能在同一份检定记录上签两次：检定员、核验员、批准人须为三个不同的人' },
  VALID_UNTIL_REQUIRED: { status: 422, message: '目录中没有该类器具的检定周期，请填写有效期至' },
  VALID_UNTIL_NOT_ALLOWED: { status: 422, message: '有效期至由检定周期计算，不能手工填写' },
  USAGE_LIMIT_REQUIRED: { status: 422, message: '请选择器具的使用期限类别或填写到期轮换日期' },
  CERTIFICATE_PREFIX_MISSING: { status: 422, message: '本机构未设置证书编号代码，不能出具证书，请联系管理员' },
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
