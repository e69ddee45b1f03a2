import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { createSecretKey, KeyObject, randomUUID } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import type { Principal } from '../common/auth/principal';
import { PrincipalCache } from '../common/auth/principal-cache';
import { touched } from '../common/audit';
import { nowIso } from '../common/clock';
import { NotFoundError, UnauthorizedError } from '../common/errors/domain-errors';
import { hashPassword, verifyPassword } from '../security/password';
import { randomSecret, sha256 } from '../security/tokens';
import { authConfig } from '../config/auth.config';
import { TransactionRunner } from '../database/transaction-runner';
import { UserEntity } from '../users/entities/user.entity';
import { UsersService } from '../users/users.service';
import { Authenticate, AuthenticateResponse, GetAccessTokenResponse } from './dto/auth.dto';
import { SessionEntity } from './entities/session.entity';
import { FailedAuthLimiter } from './failed-auth-limiter';

/** A fixed hash to verify against when the user does not exist, so timing does not reveal it. */
export const DUMMY_PASSWORD_HASH =
  'scrypt$131072$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** The claims of an access token this service signs: its user and its session. */
export interface AccessTokenPayload {
  sub: string;
  sid: string;
}

@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly tx: TransactionRunner,
    private readonly principals: PrincipalCache,
    private readonly failures: FailedAuthLimiter,
  ) {
    this.tokenKey = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  /**
   * The key bearer tokens are signed and verified with (HS256). A key object, not the string: given a
   * string or a buffer, jsonwebtoken first tries (and fails) to read it as a PEM key on every use.
   */
  private readonly tokenKey: KeyObject;

  /**
   * Checks credentials, opens a session, and issues a bearer token and a refresh token. `client` (the
   * caller's IP) is refused with 429 after too many failures (`FailedAuthLimiter`).
   */
  async authenticate(dto: Authenticate, client: string): Promise<AuthenticateResponse> {
    const user = await this.failures.checkPassword(client, dto.userName, async () => {
      const found = await this.users.findByEmail(dto.userName);
      const valid = await verifyPassword(dto.password, found?.passwordHash ?? DUMMY_PASSWORD_HASH);
      return valid ? found : null;
    });
    if (!user) throw new UnauthorizedError('Invalid UserName or Password');

    const refreshToken = randomSecret('evr_');
    const session = this.sessions.create({
      id: randomUUID(),
      userId: user.id,
      refreshTokenHash: sha256(refreshToken),
      dateCreated: nowIso(),
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000).toISOString(),
      revokedAt: null,
    });
    await this.tx.run((m) => m.insert(SessionEntity, session));
    return {
      userId: user.id,
      sessionId: session.id,
      userName: user.emailAddress,
      displayName: [user.firstName, user.lastName].filter(Boolean).join(' ') || user.emailAddress,
      bearerToken: await this.signAccessToken(user.id, session.id),
      refreshToken,
      roles: user.roles,
    };
  }

  /** Exchanges a refresh token of a live session for a new bearer token. */
  async refresh(refreshToken: string): Promise<GetAccessTokenResponse> {
    const session = await this.sessions.findOneBy({
      refreshTokenHash: sha256(refreshToken),
      revokedAt: IsNull(),
    });
    if (!session || session.expiresAt <= nowIso())
      throw new UnauthorizedError('The refresh token is invalid or expired');
    return { accessToken: await this.signAccessToken(session.userId, session.id) };
  }

  /** Ends the caller's session: its bearer and refresh tokens stop working at once. */
  async logout(principal: Principal): Promise<Record<string, never>> {
    if (principal.sessionId) {
      await this.tx.run((m) =>
        m.update(SessionEntity, { id: principal.sessionId!, revokedAt: IsNull() }, { revokedAt: nowIso() }),
      );
      this.principals.invalidate();
    }
    return {};
  }

  /**
   * Sets a user's password (the admin CLI's reset-password) and ends all their sessions in the same
   * transaction, so every bearer and refresh token issued before stops working; remembered principals
   * are dropped. Basic credentials with the old password fail at once (the hash is read per request).
   */
  async resetPassword(
    emailAddress: string,
    password: string,
  ): Promise<{ userId: string; sessionsEnded: number }> {
    const user = await this.users.findByEmail(emailAddress);
    if (!user) throw new NotFoundError(`No user with the email address ${emailAddress}`);
    const passwordHash = await hashPassword(password);
    const sessionsEnded = await this.tx.run(async (m) => {
      await m.update(UserEntity, { id: user.id }, { passwordHash, ...touched(null) });
      const ended = await m.update(
        SessionEntity,
        { userId: user.id, revokedAt: IsNull() },
        { revokedAt: nowIso() },
      );
      return ended.affected ?? 0;
    });
    this.principals.invalidate();
    return { userId: user.id, sessionsEnded };
  }

  /**
   * The principal of a bearer token: a JWT this service signed, naming a live session. Verified once,
   * then remembered by the token's digest like every principal (dropped when anything changes a
   * principal, e.g. a logout), never past the token's or the session's expiry.
   */
  async principalForAccessToken(token: string): Promise<Principal | null> {
    return this.principals.get(`jwt:${sha256(token)}`, async () => {
      const claims = await this.verifyAccessToken(token);
      return (
        claims && this.sessionPrincipal({ id: claims.sid, userId: claims.sub }, 'jwt', claims.exp * 1000)
      );
    });
  }

  /** The principal of a live session named by a session cookie, or null. */
  async principalForSessionId(sessionId: string, method: Principal['authMethod']): Promise<Principal | null> {
    return this.principals.get(`session:${sessionId}:${method}`, () =>
      this.sessionPrincipal({ id: sessionId }, method),
    );
  }

  /** The principal of the live session matching `where`, valid until the session (or `notAfter`) ends. */
  private async sessionPrincipal(
    where: { id: string; userId?: string },
    method: Principal['authMethod'],
    notAfter = Infinity,
  ): Promise<{ principal: Principal; validUntil: number } | null> {
    const session = await this.sessions.findOneBy({ ...where, revokedAt: IsNull() });
    if (!session || session.expiresAt <= nowIso()) return null;
    const principal = await this.users.loadPrincipal(session.userId, method, session.id);
    return principal && { principal, validUntil: Math.min(Date.parse(session.expiresAt), notAfter) };
  }

  /**
   * Why a bearer token was refused, for the 401's message. Asked only after it was refused; says nothing
   * an attacker could use (not whether a user or session exists).
   */
  explainRefusal(token: string): string {
    try {
      this.jwt.verify(token, { secret: this.tokenKey as unknown as Buffer, algorithms: ['HS256'] });
      return 'the bearer token names no live session (signed out, or its password was reset): sign in again';
    } catch (error) {
      const { name, message } = error as Error;
      if (name === 'TokenExpiredError') return 'the bearer token has expired: refresh it or sign in again';
      if (message === 'invalid signature')
        return "the bearer token was signed with another key (the service's key changed): sign in again";
      return 'the bearer token is not one this service issued: sign in again';
    }
  }

  /** The claims of a bearer token with a valid HS256 signature that has not expired, else null. */
  private async verifyAccessToken(token: string): Promise<(AccessTokenPayload & { exp: number }) | null> {
    try {
      const claims = await this.jwt.verifyAsync<Partial<AccessTokenPayload & { exp: number }>>(token, {
        // jsonwebtoken takes key objects; the types of @nestjs/jwt just don't list them.
        secret: this.tokenKey as unknown as Buffer,
        algorithms: ['HS256'],
      });
      const { sub, sid, exp } = claims;
      return typeof sub === 'string' && typeof sid === 'string' && typeof exp === 'number'
        ? { sub, sid, exp }
        : null;
    } catch {
      return null;
    }
  }

  private signAccessToken(userId: string, sessionId: string): Promise<string> {
    const payload: AccessTokenPayload = { sub: userId, sid: sessionId };
    return this.jwt.signAsync(payload, {
      secret: this.tokenKey as unknown as Buffer,
      expiresIn: this.config.accessTokenTtlSeconds,
      algorithm: 'HS256',
    });
  }
}
