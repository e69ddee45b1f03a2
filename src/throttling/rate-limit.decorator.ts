import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { RateLimitCategory } from '../config/operations.config';

export const RATE_LIMIT_KEY = 'evo:rate-limit';

/**
 * Puts a route (or a controller) under a named limit from the configuration (`RATE_LIMIT_<NAME>_*`)
 * instead of the default one: `auth` for sign-in, `buy` for buying numbers.
 */
export const RateLimit = (category: RateLimitCategory): MethodDecorator & ClassDecorator =>
  SetMetadata(RATE_LIMIT_KEY, category);

/** The metadata of `@NoRateLimit()`. */
export const NO_RATE_LIMIT = 'none';

/**
 * Leaves a route out of the rate limits (liveness: a probe must not be refused, nor wait for the counters'
 * storage). Its OpenAPI operation lists no 429 (`x-rate-limited: false`).
 */
export const NoRateLimit = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(RATE_LIMIT_KEY, NO_RATE_LIMIT), ApiExtension('x-rate-limited', false));
