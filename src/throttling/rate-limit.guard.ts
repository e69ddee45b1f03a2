import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Principal } from '../common/auth/principal';
import { operationsConfig, type RateLimitCategory } from '../config/operations.config';
import { RATE_LIMIT_KEY } from './rate-limit.decorator';

/**
 * `@nestjs/throttler`'s guard, counting per caller: per user (an API key acts as its user) once the
 * access guard has authenticated the request, else per client IP. The limit and window come from
 * the route's `@RateLimit(...)` category, read from the configuration.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(operationsConfig.KEY) private readonly ops: ConfigType<typeof operationsConfig>,
  ) {
    super(options, storage, reflector);
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const category =
      this.reflector.getAllAndOverride<RateLimitCategory | undefined>(RATE_LIMIT_KEY, [
        props.context.getHandler(),
        props.context.getClass(),
      ]) ?? 'default';
    const { limit, ttlMs } = this.ops.rateLimits[category];
    return super.handleRequest({ ...props, limit, ttl: ttlMs, blockDuration: ttlMs });
  }

  /** The counter's key, in clear (the library hashes it on every request; it holds no secret). */
  protected override generateKey(context: ExecutionContext, suffix: string, name: string): string {
    return `${context.getClass().name}-${context.getHandler().name}-${name}-${suffix}`;
  }

  protected override async getTracker(req: { user?: Principal; ip: string }): Promise<string> {
    return req.user ? `user:${req.user.userId}` : `ip:${req.ip}`;
  }
}
