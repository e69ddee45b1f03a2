import fastifyCookie from '@fastify/cookie';
import { LogLevel } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { sessionCookieSecret } from './auth/session-cookies';
import type { AppConfig } from './config/app.config';
import type { AuthConfig } from './config/auth.config';
import { operationsConfig, type OperationsConfig } from './config/operations.config';
import {
  clientErrorHandler,
  frameworkErrors,
  registerFormatHooks,
  registerPredefinedRoutes,
  registerServiceStackBodyParsers,
  RouteRecorder,
  DtoBinder,
  ServiceStackBindingPipe,
  stripJsonSuffix,
} from './servicestack';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { NulCharactersPipe } from './common/validation/nul-characters.pipe';
import { RequestInputPipe } from './common/validation/request-input.pipe';
import { createValidationPipe } from './common/validation/validation.pipe';
import { Value } from './contract/struct.dto';
import { IntegrationData } from './endpoints/dto/endpoint-info.dto';
import { NodeParameter } from './flows/dto/flow-graph.dto';
import { bodyLimitBytes, trustProxy } from './config/operations.config';
import { registerCors } from './hardening/cors';
import { registerRequestTimeout } from './hardening/request-timeout';
import { registerSecurityHeaders } from './hardening/security-headers';
import { AppLogger } from './logging/app-logger';
import { registerRequestLog } from './logging/request-log';
import { Metrics } from './metrics/metrics';
import { registerRequestMetrics } from './metrics/request-metrics';
import { echoRequestId, requestId } from './logging/request-id';
import { documentRateLimits } from './throttling/rate-limit.openapi';
import { documentPublicRoutes } from './common/auth/public-routes.openapi';
import { APP_VERSION } from './version';
import { SECURITY_SCHEMES } from './common/auth/auth.decorators';
import { documentRequestExamples, fillExampleIds } from './common/openapi/request-examples';
import { FirstStartService } from './bootstrap/first-start.service';

export interface CreateAppOptions {
  logger?: LogLevel[] | false;
}

/** DTOs the OpenAPI metadata refers to by `$ref` only (Struct values, integration data, node parameters). */
export const REFERENCED_MODELS = [Value, IntegrationData, NodeParameter];

/**
 * Builds the application exactly as it serves: Fastify adapter, the global validation pipe and
 * error envelope, and Swagger. `main.ts` listens on it; the e2e tests boot the same thing.
 */
export async function createApp(options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createFastifyAdapter(), {
    ...(options.logger !== undefined ? { logger: options.logger } : { bufferLogs: true }),
  });
  // Without an explicit logger, everything logs as structured JSON through pino (LOG_LEVEL).
  if (options.logger === undefined) app.useLogger(app.get(AppLogger));
  await configureApp(app);
  return app;
}

export const createFastifyAdapter = (): FastifyAdapter =>
  new FastifyAdapter({
    bodyLimit: bodyLimitBytes(),
    trustProxy: trustProxy(),
    requestIdHeader: false,
    genReqId: requestId,
    rewriteUrl: stripJsonSuffix,
    frameworkErrors,
    clientErrorHandler,
    // Node would answer an HTTP/1.1 request without Host itself, outside the envelope: the format hook does.
    http: { requireHostHeader: false },
  });

/**
 * Everything global: pipes, filters, error handlers, Swagger, and ServiceStack's wire conventions
 * (predefined routes, body formats, JSONP, cookies, CORS). Shared by `createApp` and the tests.
 */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  const exposeDetails = (process.env.NODE_ENV ?? 'development') === 'development';
  const config = app.get(ConfigService);
  const fastify = app.getHttpAdapter().getInstance();
  // Text with NUL characters is refused first. Then binding: PascalCase keys and string-valued fields
  // become the DTO's before validation.
  app.useGlobalPipes(
    new RequestInputPipe(
      new NulCharactersPipe(),
      new ServiceStackBindingPipe(new DtoBinder(REFERENCED_MODELS)),
      createValidationPipe(),
    ),
  );
  app.useGlobalFilters(new AllExceptionsFilter(exposeDetails));

  registerServiceStackBodyParsers(app, bodyLimitBytes());
  registerFormatHooks(fastify);
  await app.register(fastifyCookie, {
    secret: sessionCookieSecret(config.getOrThrow<AuthConfig>('auth').jwtSecret),
  });
  await registerCors(fastify, config.getOrThrow<AppConfig>('app').corsOrigins);
  const routes = new RouteRecorder(fastify);

  // Errors Fastify raises itself (bad JSON, body too large) and unknown routes also reach the global
  // filter, through the error and not-found handlers Nest installs on Fastify.
  echoRequestId(app);
  registerSecurityHeaders(app);
  registerRequestLog(fastify, app.get(AppLogger));
  registerRequestMetrics(fastify, app.get(Metrics));
  const ops = app.get<OperationsConfig>(operationsConfig.KEY);
  registerRequestTimeout(fastify, () => ops.requestTimeoutMs);
  const document = setupSwagger(app);
  app.enableShutdownHooks();
  await app.init();
  // The served document's examples name the demo tenant's account (the document is serialised on its
  // first request, after this).
  const demoAccountId = await app.get(FirstStartService).demoAccountId();
  if (demoAccountId) fillExampleIds(document, { accountId: demoAccountId });
  registerPredefinedRoutes(fastify, document, routes);
  await fastify.ready();
}

export function setupSwagger(app: NestFastifyApplication): OpenAPIObject {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('swagger', app, document, {
    jsonDocumentUrl: 'swagger-json',
    swaggerOptions: { persistAuthorization: true },
  });
  return document;
}

/** The OpenAPI document, as served at /swagger-json and committed as openapi.json (`npm run openapi`). */
export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Evo Voice-compatible provisioning API')
    .setDescription(
      'Phone numbers and endpoints, with the Evo Voice wire contract. Every error answers the ServiceStack ' +
        '`responseStatus` envelope. **Authorize** with your email address and password (`basic`), the `bearerToken` ' +
        'from `POST /auth/credentials` (`bearer`) or an API key from `POST /auth/api-keys` (`apiKey`); the `ss-id` ' +
        'session cookie works too.\n\n' +
        'As on ServiceStack, every operation also answers `GET|POST|PUT|PATCH|DELETE /api/{operationId}` and ' +
        '`/json/reply/{operationId}` (the name case-insensitive; path parameters from the body or query), ' +
        'the `.json` suffix, `?format=json` and `?callback=` (JSONP).',
    )
    .setVersion(APP_VERSION)
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: 'The `bearerToken` (a JWT) from POST /auth/credentials',
      },
      SECURITY_SCHEMES.bearer,
    )
    .addBasicAuth(
      {
        type: 'http',
        scheme: 'basic',
        description: 'Email address and password (or an API key as the user name)',
      },
      SECURITY_SCHEMES.basic,
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'API key',
        description: 'An API key from POST /auth/api-keys',
      },
      SECURITY_SCHEMES.apiKey,
    )
    .build();
  // Every route's tags are stated (on its controller, or on the route where one controller serves
  // operations of two tags): none is made up from a controller's class name.
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: REFERENCED_MODELS,
    autoTagControllers: false,
  });
  return documentRequestExamples(documentPublicRoutes(documentRateLimits(mergeRouteAliases(document))));
}

/**
 * A handler served at several paths (ServiceStack's `/auth` beside `/auth/credentials`) would list one
 * operationId twice, which OpenAPI forbids: the alias paths are folded into the first one's description.
 */
function mergeRouteAliases(document: OpenAPIObject): OpenAPIObject {
  const seen = new Map<string, { description?: string }>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation?.operationId) continue;
      const first = seen.get(operation.operationId);
      if (!first) {
        seen.set(operation.operationId, operation);
        continue;
      }
      first.description =
        `${first.description ?? ''}\n\nAlso served at \`${method.toUpperCase()} ${path}\`.`.trim();
      delete item[method];
    }
    if (Object.keys(item).length === 0) delete document.paths[path];
  }
  return document;
}
