import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Role } from '../../common/auth/role.enum';
import {
  OptionalBool,
  OptionalInt,
  OptionalString,
  RequiredString,
} from '../../common/validation/decorators';

/** ServiceStack's `Authenticate` request (credentials provider). */
export class Authenticate {
  @OptionalString('The auth provider; only "credentials" is supported', 32)
  provider?: string;

  @ApiProperty({ description: 'The email address of the user', example: 'admin@example.com' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(320)
  userName: string;

  @ApiProperty({ description: 'The password', example: 'change-me-now' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password: string;

  @OptionalBool('Keep the session after the browser closes')
  rememberMe?: boolean;
}

/** ServiceStack's `AuthenticateResponse`. */
export class AuthenticateResponse {
  @ApiProperty({ description: 'The ID of the user' }) userId: string;
  @ApiProperty({ description: 'The session id (also the refresh token’s session)' }) sessionId: string;
  @ApiProperty({ description: 'The user name (email address)' }) userName: string;
  @ApiProperty({ description: 'Display name' }) displayName: string;
  @ApiProperty({ description: 'A JWT to send as `Authorization: Bearer <token>`' }) bearerToken: string;
  @ApiProperty({ description: 'Exchange it for a new bearer token at POST /access-token' })
  refreshToken: string;
  @ApiProperty({ description: 'Roles of the user', enum: Role, enumName: 'UserRoles', isArray: true })
  roles: Role[];
}

export class GetAccessToken {
  @RequiredString('The refresh token from /auth/credentials', 512)
  refreshToken: string;
}

export class GetAccessTokenResponse {
  @ApiProperty({ description: 'A new JWT bearer token' }) accessToken: string;
}

export class NewApiKey {
  @RequiredString('A name to recognise the key by', 255, 'CI pipeline')
  name: string;

  @OptionalInt('Days until the key expires; omit for a key that does not expire', 1, 3650)
  expiresInDays?: number;
}

export class ApiKeyInfo {
  @ApiProperty({ description: 'The ID of the key' }) id: string;
  @ApiProperty({ description: 'The name of the key' }) name: string;
  @ApiProperty({ description: 'The first characters of the key' }) keyPrefix: string;
  @ApiProperty({ description: 'When the key was created' }) dateCreated: string;
  @ApiProperty({ description: 'When the key expires', nullable: true, type: String }) expiresAt:
    string | null;
}

export class NewApiKeyResponse extends ApiKeyInfo {
  @ApiPropertyOptional({
    description: 'The key itself: shown this once, send it as `Authorization: Bearer <key>`',
  })
  key: string;
}
