import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { operationsConfig } from '../config/operations.config';
import { MemoryRateLimitStorage } from './memory-rate-limit.storage';
import { RateLimitGuard } from './rate-limit.guard';
import { RATE_LIMIT_STORAGE, type RateLimitStorage } from './rate-limit.storage';
import { RedisRateLimitStorage } from './redis-rate-limit.storage';

/**
 * Rate limits. Imported after AuthModule so that its guard runs after the access guard and can
 * count per authenticated caller. Counters live in Redis when REDIS_URL is set, else in memory.
 */
@Module({
  providers: [
    {
      provide: RATE_LIMIT_STORAGE,
      inject: [operationsConfig.KEY],
      useFactory: (ops: ConfigType<typeof operationsConfig>): RateLimitStorage =>
        ops.redisUrl
          ? new RedisRateLimitStorage(ops.redisUrl, ops.redisKeyPrefix)
          : new MemoryRateLimitStorage(),
    },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
})
export class ThrottlingModule implements OnApplicationShutdown {
  constructor(@Inject(RATE_LIMIT_STORAGE) private readonly storage: RateLimitStorage) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.storage instanceof RedisRateLimitStorage) await this.storage.close();
  }
}
