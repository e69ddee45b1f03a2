import { Module, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { InjectThrottlerStorage, ThrottlerModule, type ThrottlerStorage } from '@nestjs/throttler';
import { operationsConfig } from '../config/operations.config';
import { RateLimitGuard } from './rate-limit.guard';
import { MemoryThrottlerStorage } from './memory-throttler.storage';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/**
 * Rate limits. Imported after AuthModule so that its guard runs after the access guard and can
 * count per authenticated caller. Counters live in Redis when REDIS_URL is set, else in memory.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [operationsConfig.KEY],
      useFactory: (ops: ConfigType<typeof operationsConfig>) => ({
        throttlers: [
          { name: 'default', limit: ops.rateLimits.default.limit, ttl: ops.rateLimits.default.ttlMs },
        ],
        storage: ops.redisUrl
          ? new RedisThrottlerStorage(ops.redisUrl, ops.redisKeyPrefix)
          : new MemoryThrottlerStorage(),
        errorMessage: 'Too many requests: slow down and retry after the time in the Retry-After header',
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class ThrottlingModule implements OnApplicationShutdown {
  constructor(@InjectThrottlerStorage() private readonly storage: ThrottlerStorage) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.storage instanceof RedisThrottlerStorage) await this.storage.close();
  }
}
