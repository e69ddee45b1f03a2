import { SetMetadata } from '@nestjs/common';
import type { RateLimitCategory } from '../config/operations.config';

export const RATE_LIMIT_KEY = 'evo:rate-limit';

/**
 * Puts a route (or a controller) under a named limit from the configuration (`RATE_LIMIT_<NAME>_*`)
 * instead of the default one: `auth` for sign-in, `buy` for buying numbers.
 */
export const RateLimit = (category: RateLimitCategory): MethodDecorator & ClassDecorator =>
  SetMetadata(RATE_LIMIT_KEY, category);
