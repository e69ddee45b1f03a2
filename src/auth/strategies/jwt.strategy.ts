import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Principal } from '../../common/auth/principal';
import { authConfig } from '../../config/auth.config';
import { SessionsService } from '../sessions.service';

export interface AccessTokenPayload {
  sub: string;
  sid: string;
}

/** `Authorization: Bearer <jwt>`: the token names a live session, whose user is loaded fresh. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(authConfig.KEY) config: ConfigType<typeof authConfig>,
    private readonly sessions: SessionsService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A key object, not the string: given a string or a buffer, jsonwebtoken first tries (and fails)
      // to read it as a PEM public key on every verification, which cost more than the rest of a
      // request. passport-jwt hands it to jsonwebtoken as is; its types just don't list key objects.
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) as unknown as Buffer,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(payload: AccessTokenPayload): Promise<Principal | false> {
    return (await this.sessions.principalForSession(payload.sid, payload.sub, 'jwt')) ?? false;
  }
}
