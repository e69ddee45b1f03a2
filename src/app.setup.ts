import { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { createValidationPipe } from './common/validation/validation.pipe';
import { Value } from './common/dto/struct.dto';
import { IntegrationData } from './endpoints/dto/endpoint-info.dto';
import { bodyLimitBytes } from './config/operations.config';
import { registerSecurityHeaders } from './hardening/security-headers';
import { echoRequestId, requestId } from './logging/request-id';
import { documentRateLimits } from './throttling/rate-limit.openapi';
import { documentPublicRoutes } from './common/auth/public-routes.openapi';

export interface CreateAppOptions {
  logger?: LogLevel[] | false;
}

/**
 * Builds the application exactly as it serves: Fastify adapter, the global validation pipe and
 * error envelope, and Swagger. `main.ts` listens on it; the e2e tests boot the same thing.
 */
export async function createApp(options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createFastifyAdapter(), {
    ...(options.logger !== undefined ? { logger: options.logger } : { bufferLogs: true }),
  });
  // Without an explicit logger, everything logs as structured JSON through pino (LOG_LEVEL).
  if (options.logger === undefined) app.useLogger(app.get(PinoLogger));
  await configureApp(app);
  return app;
}

export const createFastifyAdapter = (): FastifyAdapter =>
  new FastifyAdapter({
    bodyLimit: bodyLimitBytes(),
    trustProxy: true,
    requestIdHeader: false,
    genReqId: requestId,
  });

/** Everything global: pipes, filters, error handlers, Swagger. Shared by `createApp` and the tests. */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  const exposeDetails = (process.env.NODE_ENV ?? 'development') === 'development';
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(exposeDetails));

  // Errors Fastify raises itself (bad JSON, body too large) and unknown routes also reach the global
  // filter, through the error and not-found handlers Nest installs on Fastify.
  echoRequestId(app);
  await registerSecurityHeaders(app);
  setupSwagger(app);
  app.enableShutdownHooks();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
}

export function setupSwagger(app: NestFastifyApplication): void {
  SwaggerModule.setup('swagger', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'swagger-json',
    swaggerOptions: { persistAuthorization: true },
  });
}

/** The OpenAPI document, as served at /swagger-json and committed as openapi.json (`npm run openapi`). */
export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Evo Voice-compatible provisioning API')
    .setDescription(
      'Phone numbers and endpoints, with the Evo Voice wire contract. Every error answers the ServiceStack ' +
        '`responseStatus` envelope. Sign in at `POST /auth/credentials`, then **Authorize** with the `bearerToken` ' +
        '(or an API key from `POST /auth/api-keys`).',
    )
    .setVersion('1.0')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'A JWT from /auth/credentials, or an API key',
    })
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [Value, IntegrationData] });
  return documentPublicRoutes(documentRateLimits(document));
}
