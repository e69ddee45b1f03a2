import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-custom';
import type { Principal } from '../../common/auth/principal';
import { BasicCredentialsService } from '../basic-credentials.service';
import { SCHEME } from './credential-scheme';

/** The user name and password of an `Authorization: Basic` header, or null. */
export function basicCredentials(header: string | undefined): { userName: string; password: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { userName: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * `Authorization: Basic base64(userName:password)` on any request, as ServiceStack's
 * BasicAuthProvider; or an API key as the user name with any password (ServiceStack's
 * ApiKeyAuthProvider; `JsonServiceClient` sends the literal `undefined` as the password). Not
 * passport-http's BasicStrategy: that one would need this parsing anyway for the API-key user name.
 */
@Injectable()
export class BasicStrategy extends PassportStrategy(Strategy, SCHEME.basic) {
  constructor(private readonly basic: BasicCredentialsService) {
    super();
  }

  validate(request: FastifyRequest): Promise<Principal | null> | null {
    const credentials = basicCredentials(request.headers.authorization);
    return credentials && this.basic.principalFor(credentials.userName, credentials.password, request.ip);
  }
}
