import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { authConfig } from '../config/auth.config';
import type { ConfigType } from '@nestjs/config';
import { UsersModule } from '../users/users.module';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { ApiKeyEntity } from './entities/api-key.entity';
import { SessionEntity } from './entities/session.entity';
import { AccessGuard } from './guards/access.guard';
import { SessionsService } from './sessions.service';
import { BasicCredentialsService } from './basic-credentials.service';
import { FailedAuthLimiter } from './failed-auth-limiter';
import { SessionCookiesInterceptor } from './session-cookies';
import { ApiKeyStrategy } from './strategies/api-key.strategy';
import { BasicStrategy } from './strategies/basic.strategy';
import { SessionCookieStrategy } from './strategies/session-cookie.strategy';
import { JwtStrategy } from './strategies/jwt.strategy';
import { CREDENTIAL_SCHEMES, type CredentialScheme } from './strategies/credential-scheme';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { ThrottlingModule } from '../throttling/throttling.module';

@Module({
  imports: [
    TypeOrmModule.forFeature([ApiKeyEntity, SessionEntity]),
    JwtModule.registerAsync({
      inject: [authConfig.KEY],
      useFactory: (config: ConfigType<typeof authConfig>) => ({ secret: config.jwtSecret }),
    }),
    UsersModule,
    IdempotencyModule,
    ThrottlingModule,
  ],
  controllers: [AuthController],
  providers: [
    SessionsService,
    ApiKeysService,
    JwtStrategy,
    ApiKeyStrategy,
    FailedAuthLimiter,
    BasicCredentialsService,
    BasicStrategy,
    SessionCookieStrategy,
    SessionCookiesInterceptor,
    // The credential schemes every protected route accepts, tried in this order. API keys first, the
    // usual machine credential; each bearer scheme leaves the other's tokens alone by their shape.
    {
      provide: CREDENTIAL_SCHEMES,
      inject: [ApiKeyStrategy, JwtStrategy, BasicStrategy, SessionCookieStrategy],
      useFactory: (...schemes: CredentialScheme[]) => schemes,
    },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [SessionsService, ApiKeysService],
})
export class AuthModule {}
