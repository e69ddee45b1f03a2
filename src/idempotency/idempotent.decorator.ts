import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { ResponseStatusEnvelope } from '../common/errors/response-status.dto';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * Makes a create route honour the `Idempotency-Key` header (see IdempotencyInterceptor), and
 * documents it in Swagger.
 */
export const Idempotent = (): MethodDecorator =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'A unique value (e.g. a UUID, at most 255 characters) per intended create. Retrying with the same key ' +
        'and body replays the first answer (header `Idempotent-Replayed: true`) without doing anything again; ' +
        'the same key with another body is a 422; while the first request still runs, a 409. Keys are per ' +
        'caller and kept at least 24 hours. Successes and 4xx answers are replayed; a 5xx or 409 is not ' +
        '(retrying with the same key runs the request again).',
    }),
    ApiResponse({
      status: 422,
      description: 'The Idempotency-Key was already used with another request',
      type: ResponseStatusEnvelope,
    }),
  );
