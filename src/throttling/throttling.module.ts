import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { operationsConfig } from '../config/operations.config';
import { AppLogger } from '../logging/app-logger';
import { LoggingModule } from '../logging/logging.module';
import { MemoryRateLimitStorage } from './memory-rate-limit.storage';
import { RateLimitGuard } from './rate-limit.guard';
import { RATE_LIMIT_STORAGE, type RateLimitStorage } from './rate-limit.storage';
import { RedisRateLimitStorage } from './redis-rate-limit.storage';
import { MetricsModule } from '../metrics/metrics.module';

/**
 * Rate limits. Registered after AuthModule (which imports it, as AppModule does after it), so that
 * its guard runs after the access guard and can count per authenticated caller. Counters live in
 * Redis when REDIS_URL is set (in memory while Redis is unreachable; the start waits for the first
 * connection attempt, at most the connect timeout), else in memory. Their storage
 * is exported: the failed-authentication limiter and readiness use it.
 */
@Module({
  imports: [LoggingModule, MetricsModule],
  providers: [
    {
      provide: RATE_LIMIT_STORAGE,
      inject: [operationsConfig.KEY, AppLogger],
      useFactory: async (
        ops: ConfigType<typeof operationsConfig>,
        logger: AppLogger,
      ): Promise<RateLimitStorage> => {
        if (!ops.redisUrl) return new MemoryRateLimitStorage();
        const storage = new RedisRateLimitStorage(ops.redisUrl, ops.redisKeyPrefix, logger);
        await storage.firstConnection();
        return storage;
      },
    },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  exports: [RATE_LIMIT_STORAGE],
})
export class ThrottlingModule implements OnApplicationShutdown {
  constructor(@Inject(RATE_LIMIT_STORAGE) private readonly storage: RateLimitStorage) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.storage instanceof RedisRateLimitStorage) await this.storage.close();
  }
}
