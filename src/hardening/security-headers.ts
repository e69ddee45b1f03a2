import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The content security policy is strict but lets Swagger UI work: its script and styles are served
 * from here, it styles inline and shows data: images.
 */
const HELMET_OPTIONS: HelmetOptions = {
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
};

/**
 * Security headers on every response: helmet's, worked out once at start-up (they are the same for
 * every response) instead of helmet rebuilding them, policy included, on each request.
 */
export function registerSecurityHeaders(app: NestFastifyApplication): void {
  const headers = securityHeaders();
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      void reply.headers(headers);
      done();
    });
}

/** The headers helmet sets, read off one run of its middleware against a recording response. */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let done = false;
  helmet(HELMET_OPTIONS)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw new Error('helmet refused its options', { cause: error });
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously');
  return headers;
}
