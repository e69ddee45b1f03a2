import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../common/auth/principal';
import { TooManyRequestsError } from '../common/errors/domain-errors';
import { routeMetadata } from '../common/route-metadata';
import { Metrics } from '../metrics/metrics';
import { operationsConfig, type RateLimitCategory } from '../config/operations.config';
import { NO_RATE_LIMIT, RATE_LIMIT_KEY } from './rate-limit.decorator';
import { RATE_LIMIT_STORAGE, type RateLimitStorage, type WindowCount } from './rate-limit.storage';

/** The headers of a rate-limited route's answers (CORS lets browser scripts read them). */
export const RATE_LIMIT_HEADERS = {
  limit: 'X-RateLimit-Limit',
  remaining: 'X-RateLimit-Remaining',
  reset: 'X-RateLimit-Reset',
  retryAfter: 'Retry-After',
} as const;

interface RouteLimit {
  category: RateLimitCategory | typeof NO_RATE_LIMIT;
  /** The counter's name for this route: one budget per caller and route. */
  route: string;
}

/**
 * Fixed-window rate limits (APP_GUARD, after the access guard): per user (an API key acts as its user)
 * once authenticated, else per client IP; per route, under the route's `@RateLimit(...)` category (else
 * `default`), whose limit and window come from the configuration. Every answer carries
 * `X-RateLimit-Limit`, `-Remaining` and `-Reset` (seconds); over the limit is a 429 with `Retry-After`.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly routeLimit = routeMetadata((handler, controller): RouteLimit => ({
    category:
      this.reflector.getAllAndOverride<RouteLimit['category'] | undefined>(RATE_LIMIT_KEY, [
        handler,
        controller,
      ]) ?? 'default',
    route: `${controller.name}.${handler.name}`,
  }));

  constructor(
    private readonly reflector: Reflector,
    @Inject(RATE_LIMIT_STORAGE) private readonly storage: RateLimitStorage,
    @Inject(operationsConfig.KEY) private readonly ops: ConfigType<typeof operationsConfig>,
    private readonly metrics: Metrics,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const { category, route } = this.routeLimit(context);
    if (category === NO_RATE_LIMIT) return true;
    const { limit, ttlMs } = this.ops.rateLimits[category];
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { user?: Principal }>();
    const caller = request.user ? `user:${request.user.userId}` : `ip:${request.ip}`;
    const count = this.storage.hit(`${route}:${caller}`, ttlMs);
    const reply = http.getResponse<FastifyReply>();
    return count instanceof Promise
      ? count.then((c) => this.admit(reply, category, limit, c))
      : this.admit(reply, category, limit, count);
  }

  /** Lets the request through with the rate-limit headers, or refuses it over the limit. */
  private admit(
    reply: FastifyReply,
    category: RateLimitCategory,
    limit: number,
    { hits, msLeft }: WindowCount,
  ): boolean {
    const seconds = Math.max(1, Math.ceil(msLeft / 1000));
    if (hits > limit) {
      this.metrics.rateLimitRefusals.inc({ category });
      throw new TooManyRequestsError(
        'Too many requests: slow down and retry after the time in the Retry-After header',
        seconds,
      );
    }
    void reply.headers({
      [RATE_LIMIT_HEADERS.limit]: limit,
      [RATE_LIMIT_HEADERS.remaining]: limit - hits,
      [RATE_LIMIT_HEADERS.reset]: seconds,
    });
    return true;
  }
}
