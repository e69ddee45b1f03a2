import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Security headers on every response (@fastify/helmet). The content security policy is strict but lets
 * Swagger UI work: its script and styles are served from here, it styles inline and shows data: images.
 */
export async function registerSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'self'"],
        // Not forced: the API may be served over plain HTTP behind a TLS-terminating proxy, or locally.
        upgradeInsecureRequests: null,
      },
    },
    // API responses are fetched cross-origin by browser clients; do not block that.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
}
