import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBasicAuth, ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ResponseStatusEnvelope } from '../errors/response-status.dto';
import type { Principal } from './principal';
import { Role } from './role.enum';

export const ROLES_KEY = 'evo:roles';
export const PUBLIC_KEY = 'evo:public';

/** The security schemes of the OpenAPI document (`buildOpenApiDocument`): any one of them will do. */
export const SECURITY_SCHEMES = { bearer: 'bearer', basic: 'basic', apiKey: 'apiKey' } as const;

/**
 * States who may call a route. Every route carries either this or `@Public()`; the global guard
 * refuses a route that has neither, so a forgotten decorator fails closed.
 */
export function Roles(...roles: Role[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(SECURITY_SCHEMES.bearer),
    ApiBasicAuth(SECURITY_SCHEMES.basic),
    ApiBearerAuth(SECURITY_SCHEMES.apiKey),
    ApiUnauthorizedResponse({ description: 'Missing or invalid credentials', type: ResponseStatusEnvelope }),
    ApiForbiddenResponse({
      description: `Requires one of the roles: ${roles.join(', ')}`,
      type: ResponseStatusEnvelope,
    }),
  );
}

/** A route anybody may call without credentials. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/** The authenticated caller. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const request = ctx.switchToHttp().getRequest<{ user: Principal }>();
  return request.user;
});
