import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { ResponseStatusEnvelope } from '../common/errors/response-status.dto';
import {
  IDEMPOTENT_OPERATION,
  IDEMPOTENT_SECRET_FIELDS,
  IdempotencyInterceptor,
} from './idempotency.interceptor';

/**
 * Makes a create route honour the `Idempotency-Key` header (see IdempotencyInterceptor), and
 * documents it in Swagger. `secretFields`: fields of the answer holding a secret shown once (an API
 * key); they are never stored with the key, and a replay answers without them. `operation`: the name
 * the fingerprints give the route (by default `Controller.handler`); a handler moved to another
 * controller keeps its former name, so that the keys stored before the move still replay.
 */
export const Idempotent = (options: { secretFields?: string[]; operation?: string } = {}): MethodDecorator =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    SetMetadata(IDEMPOTENT_SECRET_FIELDS, options.secretFields ?? []),
    ...(options.operation ? [SetMetadata(IDEMPOTENT_OPERATION, options.operation)] : []),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'A unique value (e.g. a UUID, at most 255 characters) per intended create. Retrying with the same key, ' +
        'path parameters and body replays the first answer (header `Idempotent-Replayed: true`) without doing anything again; ' +
        'the same key with another route, path or body is a 422; while the first request still runs, a 409. Keys are per ' +
        'caller and kept at least 24 hours. Successes and 4xx answers are replayed; a 5xx or 409 is not ' +
        '(retrying with the same key runs the request again).' +
        (options.secretFields?.length
          ? ` The secret (${options.secretFields.join(', ')}) is never stored: a replay answers without it, ` +
            'naming it in `Idempotent-Secret-Withheld`.'
          : ''),
    }),
    ApiResponse({
      status: 422,
      description: 'The Idempotency-Key was already used with another request',
      type: ResponseStatusEnvelope,
    }),
  );
