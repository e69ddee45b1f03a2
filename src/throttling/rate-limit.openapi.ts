import type { OpenAPIObject } from '@nestjs/swagger';

/** Every operation but those marked `@NoRateLimit()` is rate-limited: each documents the 429 answer and its envelope. */
export function documentRateLimits(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation || operation.responses['429']) continue;
      if ((operation as { 'x-rate-limited'?: boolean })['x-rate-limited'] === false) {
        delete (operation as { 'x-rate-limited'?: boolean })['x-rate-limited'];
        continue;
      }
      operation.responses['429'] = {
        description: 'Too many requests: wait for the seconds in `Retry-After`',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ResponseStatusEnvelope' } } },
      };
    }
  }
  return document;
}
