import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../common/auth/principal';
import { ApiKeysService } from '../api-keys.service';
import { bearerToken, CredentialScheme } from './credential-scheme';

/** `Authorization: Bearer <api key>`: any other bearer token is left to the next scheme by its prefix. */
@Injectable()
export class ApiKeyStrategy implements CredentialScheme {
  constructor(private readonly apiKeys: ApiKeysService) {}

  async authenticate(request: FastifyRequest): Promise<Principal | null> {
    const token = bearerToken(request);
    // principalForKey declines a token without the API-key prefix before any work.
    return token ? this.apiKeys.principalForKey(token) : null;
  }
}
