import jwt from 'jsonwebtoken'
import type { Role } from '@qjt/shared'
import { AppError } from './errors'

export interface TokenClaims {
  sub: string
  org: string | null
  roles: Role[]
}

/** Signed session tokens (HS256). Claims describe the user at sign-in; requests re-read the user. */
export class TokenService {
  constructor(
    private readonly secret: string,
    private readonly expiresIn: string,
  ) {}

  sign(claims: TokenClaims): { token: string; expiresAt: Date } {
    const token = jwt.sign({ org: claims.org, roles: claims.roles }, this.secret, {
      algorithm: 'HS256',
      subject: claims.sub,
      expiresIn: this.expiresIn as jwt.SignOptions['expiresIn'],
    })
    const { exp } = jwt.decode(token) as { exp: number }
    return { token, expiresAt: new Date(exp * 1000) }
  }

  verify(token: string): TokenClaims {
    try {
      const payload = jwt.verify(token, this.secret, { algorithms: ['HS256'] }) as jwt.JwtPayload
      if (!payload.sub) throw new AppError('UNAUTHENTICATED')
      return { sub: payload.sub, org: (payload.org as string | null) ?? null, roles: (payload.roles as Role[]) ?? [] }
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) throw new AppError('TOKEN_EXPIRED')
      throw new AppError('UNAUTHENTICATED', '登录凭证无效，请重新登录')
    }
  }
}
