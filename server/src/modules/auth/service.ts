import type { LoginResult, MeView, ProfileUpdateInput } from '@qjt/shared'
import { regionFullName } from '@qjt/shared/regions'
import type { Actor } from '../../core/context'
import type { Clock } from '../../core/clock'
import { AppError } from '../../core/errors'
import type { TokenService } from '../../core/tokens'
import { WechatApiError, type WechatClient } from '../../wechat/client'
import { Organization } from '../organizations/model'
import { Types } from 'mongoose'
import { writeLatest } from '../../db/claims'
import { User, type UserDoc } from './user.model'

/** WeChat answers that mean "this code is no good", as opposed to "WeChat is down". */
const BAD_CODE_ERRCODES = new Set([40029, 40163, 40226, 40066])

export class AuthService {
  constructor(
    private readonly deps: { wechat: WechatClient; tokens: TokenService; clock: Clock; devLogin: boolean },
  ) {}

  /** Exchanges a `wx.login` code for our session token, creating the user on first sight. */
  async login(code: string): Promise<LoginResult> {
    if (code.startsWith('dev-') && !this.deps.devLogin) throw new AppError('DEV_LOGIN_DISABLED')
    let session: { openid: string; unionid?: string }
    try {
      session = await this.deps.wechat.code2Session(code)
    } catch (err) {
      if (err instanceof WechatApiError && BAD_CODE_ERRCODES.has(err.errcode)) {
        throw new AppError('WECHAT_LOGIN_FAILED', '登录凭证无效或已使用，请重新登录')
      }
      if (err instanceof WechatApiError) throw new AppError('WECHAT_UNAVAILABLE')
      throw err
    }
    const user = await this.upsertUser(session.openid, session.unionid)
    return this.issue(user)
  }

  /**
   * Finds or creates the user for an openid. Not one upsert: FerretDB drops null and empty-array
   * values from `$setOnInsert`, so a new user is inserted whole, and a racing duplicate insert
   * (two first log-ins at once) falls back to the winner's document. An existing user's login
   * time is a versioned write, so it cannot undo a membership change made at the same moment.
   */
  private async upsertUser(openid: string, unionid?: string): Promise<UserDoc> {
    const set = { lastLoginAt: this.deps.clock(), ...(unionid ? { unionid } : {}) }
    const existing = await User.findOne({ openid }, { _id: 1 }).lean()
    if (existing) {
      await writeLatest(User, existing._id, set)
      return (await User.findById(existing._id).lean())!
    }
    try {
      return (await User.create({ openid, name: `微信用户${openid.slice(-4)}`, ...set })).toObject()
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err
      const winner = await User.findOne({ openid }).lean()
      if (!winner) throw err
      return winner
    }
  }


  issue(user: UserDoc): LoginResult {
    const orgId = user.orgId ? String(user.orgId) : null
    const { token, expiresAt } = this.deps.tokens.sign({ sub: String(user._id), org: orgId, roles: user.roles })
    return {
      token,
      expiresAt: expiresAt.toISOString(),
      user: { id: String(user._id), name: user.name, roles: user.roles, orgId },
    }
  }

  /**
   * The caller behind a token, as the database knows them now: a member removed a minute ago
   * has already lost the organization's access, whatever the token says.
   */
  async actorFor(token: string): Promise<Actor> {
    const claims = this.deps.tokens.verify(token)
    const user = await User.findById(claims.sub, { name: 1, orgId: 1, orgType: 1, roles: 1 }).lean()
    if (!user) throw new AppError('UNAUTHENTICATED', '账号不存在，请重新登录')
    return {
      userId: String(user._id),
      name: user.name,
      orgId: user.orgId ? String(user.orgId) : null,
      orgType: user.orgType ?? null,
      roles: user.roles,
    }
  }

  async me(actor: Actor): Promise<MeView> {
    const user = await User.findById(actor.userId).lean()
    if (!user) throw new AppError('USER_NOT_FOUND')
    const org = user.orgId ? await Organization.findById(user.orgId).lean() : null
    return {
      id: String(user._id),
      name: user.name,
      roles: user.roles,
      orgId: org ? String(org._id) : null,
      phone: user.phone ?? null,
      org: org
        ? { id: String(org._id), type: org.type, name: org.name, regionCode: org.regionCode, regionName: regionFullName(org.regionCode) }
        : null,
    }
  }

  async updateProfile(actor: Actor, input: ProfileUpdateInput): Promise<MeView> {
    await writeLatest(User, new Types.ObjectId(actor.userId), { name: input.name })
    return this.me(actor)
  }

  /** Stores the number WeChat vouches for (from the user's own tap on a phone-number button). */
  async bindPhone(actor: Actor, code: string): Promise<MeView> {
    const user = await User.findById(actor.userId, { openid: 1 }).lean()
    if (!user) throw new AppError('USER_NOT_FOUND')
    let phone: string
    try {
      phone = (await this.deps.wechat.getPhoneNumber(code, user.openid)).purePhoneNumber
    } catch (err) {
      if (err instanceof WechatApiError && err.errcode !== -1) throw new AppError('WECHAT_PHONE_FAILED')
      if (err instanceof WechatApiError) throw new AppError('WECHAT_UNAVAILABLE')
      throw err
    }
    await writeLatest(User, new Types.ObjectId(actor.userId), { phone })
    return this.me(actor)
  }
}
