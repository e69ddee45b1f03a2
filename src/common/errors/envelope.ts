import { HttpStatus } from '@nestjs/common';
import type { FieldError } from './domain-errors';
import type { ResponseStatusEnvelope } from './response-status.dto';

/** ServiceStack-style error codes for bare HTTP statuses. */
const STATUS_CODES: Record<number, string> = {
  [HttpStatus.BAD_REQUEST]: 'BadRequest',
  [HttpStatus.UNAUTHORIZED]: 'Unauthorized',
  [HttpStatus.FORBIDDEN]: 'Forbidden',
  [HttpStatus.NOT_FOUND]: 'NotFound',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'MethodNotAllowed',
  [HttpStatus.NOT_ACCEPTABLE]: 'NotAcceptable',
  [HttpStatus.REQUEST_TIMEOUT]: 'RequestTimeout',
  [HttpStatus.CONFLICT]: 'Conflict',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'RequestEntityTooLarge',
  [HttpStatus.URI_TOO_LONG]: 'RequestUriTooLong',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'UnsupportedMediaType',
  [HttpStatus.UNPROCESSABLE_ENTITY]: 'UnprocessableEntity',
  [HttpStatus.TOO_MANY_REQUESTS]: 'TooManyRequests',
  [HttpStatus.INTERNAL_SERVER_ERROR]: 'InternalServerError',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'ServiceUnavailable',
  [HttpStatus.GATEWAY_TIMEOUT]: 'GatewayTimeout',
};

export function errorCodeForStatus(status: number): string {
  return STATUS_CODES[status] ?? (status >= 500 ? 'InternalServerError' : 'BadRequest');
}

export function envelope(
  errorCode: string,
  message: string,
  errors: FieldError[] = [],
  extra: { stackTrace?: string; meta?: Record<string, string> } = {},
): ResponseStatusEnvelope {
  return {
    responseStatus: {
      errorCode,
      message,
      errors: errors.map((e) => ({
        errorCode: e.errorCode,
        fieldName: e.fieldName,
        message: e.message,
        meta: e.meta,
      })),
      ...(extra.stackTrace ? { stackTrace: extra.stackTrace } : {}),
      ...(extra.meta ? { meta: extra.meta } : {}),
    },
  };
}
