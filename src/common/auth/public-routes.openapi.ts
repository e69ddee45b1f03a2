import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * `@Roles(...)` routes document their bearer auth; the rest are `@Public()` (the global guard refuses
 * any other), and say so explicitly with an empty `security` list.
 */
export function documentPublicRoutes(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (operation && !operation.security?.length) operation.security = [];
    }
  }
  return document;
}
