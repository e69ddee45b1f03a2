import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-custom';
import type { Principal } from '../../common/auth/principal';
import { ApiKeysService } from '../api-keys.service';
import { bearerToken, SCHEME } from './credential-scheme';

/** `Authorization: Bearer <api key>`: any other bearer token is left to the next scheme by its prefix. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(Strategy, SCHEME.apiKey) {
  constructor(private readonly apiKeys: ApiKeysService) {
    super();
  }

  validate(request: FastifyRequest): Promise<Principal | null> | null {
    const token = bearerToken(request);
    // principalForKey declines a token without the API-key prefix before any work.
    return token ? this.apiKeys.principalForKey(token) : null;
  }
}
