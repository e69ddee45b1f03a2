import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ALL_ROLES } from '../common/auth/role.enum';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { UserInfo } from '../users/dto/user-info.dto';
import { UsersService } from '../users/users.service';
import { ApiKeysService } from './api-keys.service';
import {
  ApiKeyInfo,
  Authenticate,
  AuthenticateResponse,
  GetAccessToken,
  GetAccessTokenResponse,
  NewApiKey,
  NewApiKeyResponse,
} from './dto/auth.dto';
import { SessionCookiesInterceptor } from './session-cookies';
import { SessionsService } from './sessions.service';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { RateLimit } from '../throttling/rate-limit.decorator';

@ApiTags('Auth')
@Controller()
@RateLimit('auth')
export class AuthController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly apiKeys: ApiKeysService,
    private readonly users: UsersService,
  ) {}

  @Post(['auth/credentials', 'auth'])
  @Public()
  @HttpCode(200)
  @UseInterceptors(SessionCookiesInterceptor)
  @ApiOperation({
    operationId: 'Authenticate',
    summary: 'Signs in with user name (email) and password',
    description:
      'Answers a bearer token and a refresh token, and sets the `ss-id` session cookie (and, with ' +
      '`rememberMe`, the persistent `ss-pid`): later requests may authenticate with the cookie alone.',
  })
  @ApiOkResponse({ type: AuthenticateResponse })
  @ApiErrors(400, 401)
  authenticate(@Body() dto: Authenticate, @Ip() client: string): Promise<AuthenticateResponse> {
    return this.sessions.authenticate(dto, client);
  }

  @Post('access-token')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'GetAccessToken',
    summary: 'Exchanges a refresh token for a new bearer token',
  })
  @ApiOkResponse({ type: GetAccessTokenResponse })
  @ApiErrors(400, 401)
  accessToken(@Body() dto: GetAccessToken): Promise<GetAccessTokenResponse> {
    return this.sessions.refresh(dto.refreshToken);
  }

  @Post('auth/logout')
  @Roles(...ALL_ROLES)
  @HttpCode(200)
  @UseInterceptors(SessionCookiesInterceptor)
  @ApiOperation({
    operationId: 'Logout',
    summary: "Ends the caller's session (its bearer and refresh tokens, and session cookies)",
  })
  @ApiOkResponse({ description: 'Signed out' })
  logout(@CurrentUser() actor: Principal): Promise<Record<string, never>> {
    return this.sessions.logout(actor);
  }

  @Get('auth/logout')
  @Roles(...ALL_ROLES)
  @UseInterceptors(SessionCookiesInterceptor)
  @ApiOperation({
    operationId: 'LogoutByGet',
    summary: 'Same as POST /auth/logout (ServiceStack answers both)',
  })
  @ApiOkResponse({ description: 'Signed out' })
  logoutByGet(@CurrentUser() actor: Principal): Promise<Record<string, never>> {
    return this.sessions.logout(actor);
  }

  @Get('auth/status')
  @Roles(...ALL_ROLES)
  @ApiOperation({ operationId: 'GetAuthStatus', summary: 'Who the caller is' })
  @ApiOkResponse({ type: UserInfo })
  status(@CurrentUser() actor: Principal): Promise<UserInfo> {
    return this.users.describe(actor);
  }

  @Post('auth/api-keys')
  @Idempotent({ secretFields: ['key'] })
  @Roles(...ALL_ROLES)
  @HttpCode(200)
  @ApiOperation({
    operationId: 'NewApiKey',
    summary: 'Creates an API key acting as the caller; the key is shown once',
  })
  @ApiOkResponse({ type: NewApiKeyResponse })
  @ApiErrors(400)
  createApiKey(@CurrentUser() actor: Principal, @Body() dto: NewApiKey): Promise<NewApiKeyResponse> {
    return this.apiKeys.create(actor, dto);
  }

  @Get('auth/api-keys')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    operationId: 'ListApiKeys',
    summary: "Lists the caller's live API keys (never the keys themselves)",
  })
  @ApiOkResponse({ type: [ApiKeyInfo] })
  listApiKeys(@CurrentUser() actor: Principal): Promise<ApiKeyInfo[]> {
    return this.apiKeys.list(actor);
  }

  @Delete('auth/api-keys/:id')
  @Roles(...ALL_ROLES)
  @HttpCode(204)
  @ApiOperation({ operationId: 'DeleteApiKey', summary: 'Revokes one of the caller’s API keys' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiErrors(404)
  revokeApiKey(@CurrentUser() actor: Principal, @Param('id') id: string): Promise<void> {
    return this.apiKeys.revoke(actor, id);
  }
}
