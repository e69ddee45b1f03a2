import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './domain-errors';
import { isUniqueViolation, raceConflict } from './database-errors';
import { envelope, errorCodeForStatus } from './envelope';
import type { ResponseStatusEnvelope } from './response-status.dto';
import { forRequest } from '../../logging/request-id';

/** Where unexpected errors' stacks go: the global filter's, and Fastify's framework-error handler's. */
export const errorLogger = new Logger('Errors');

export interface RenderedError {
  status: number;
  body: ResponseStatusEnvelope;
  headers?: Record<string, string>;
}

/**
 * Turns any thrown value into the `responseStatus` envelope. Used by the Nest filter below and by
 * Fastify's own error and not-found handlers, so no error leaves in another shape.
 *
 * An unexpected error (a 500) is logged with its stack under a correlation id, which the answer quotes:
 * the request's id when there is a request (the `X-Request-Id` it was answered with, which its request
 * log line names too), else a new one.
 */
export function renderError(
  exception: unknown,
  exposeDetails: boolean,
  logger?: Logger,
  requestId?: string,
): RenderedError {
  const race = raceConflict(exception);
  if (race) return renderError(race, exposeDetails);
  if (exception instanceof AppError) {
    return {
      status: exception.status,
      body: envelope(exception.errorCode, exception.message, exception.fieldErrors),
      headers: exception.headers,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : (((response as { message?: unknown }).message as string | undefined) ?? exception.message);
    return { status, body: envelope(errorCodeForStatus(status), String(message)) };
  }
  if (isUniqueViolation(exception)) {
    return {
      status: HttpStatus.CONFLICT,
      body: envelope('Conflict', 'The request conflicts with an existing record; nothing was changed.'),
    };
  }
  // Errors raised by Fastify itself (bad JSON, body too large, unsupported media type) carry a 4xx statusCode.
  const statusCode = (exception as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const message = (exception as Error).message ?? 'Bad request';
    return { status: statusCode, body: envelope(errorCodeForStatus(statusCode), message) };
  }
  const correlationId = requestId ?? randomUUID();
  logger?.error(
    `Unhandled error ${correlationId}`,
    exception instanceof Error ? exception.stack : String(exception),
    forRequest(requestId),
  );
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: envelope(
      'InternalServerError',
      `An unexpected error occurred (correlation id ${correlationId}).`,
      [],
      {
        meta: { correlationId },
        stackTrace: exposeDetails && exception instanceof Error ? exception.stack : undefined,
      },
    ),
  };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly exposeDetails: boolean) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    // Every answer, a 5xx too, is logged by the request log (`request-log.ts`), its URL redacted.
    const { status, body, headers } = renderError(exception, this.exposeDetails, errorLogger, request.id);
    void reply
      .status(status)
      .headers(headers ?? {})
      .type('application/json; charset=utf-8')
      .send(body);
  }
}
