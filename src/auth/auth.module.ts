import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
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
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { ThrottlingModule } from '../throttling/throttling.module';
import { MetricsModule } from '../metrics/metrics.module';

@Module({
  imports: [
    TypeOrmModule.forFeature([ApiKeyEntity, SessionEntity]),
    JwtModule.registerAsync({
      inject: [authConfig.KEY],
      useFactory: (config: ConfigType<typeof authConfig>) => ({ secret: config.jwtSecret }),
    }),
    // Passport without sessions: every request carries its credentials.
    PassportModule.register({ session: false }),
    UsersModule,
    IdempotencyModule,
    ThrottlingModule,
    MetricsModule,
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
    // The credential schemes (passport strategies) every protected route accepts, in the order
    // CREDENTIAL_SCHEMES lists them.
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [SessionsService, ApiKeysService],
})
export class AuthModule {}
