import { HttpStatus } from '@nestjs/common';

export interface FieldError {
  errorCode: string;
  fieldName: string;
  message: string;
  meta?: Record<string, string>;
}

/**
 * A failure the client can act on. Each subclass fixes its status and code here, in one place;
 * the global filter renders it as the `responseStatus` envelope.
 */
export abstract class AppError extends Error {
  abstract readonly status: HttpStatus;
  abstract readonly errorCode: string;
  /** Headers the answer carries (`Retry-After`, say). */
  readonly headers?: Record<string, string>;

  constructor(
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Shorthand for an error about one request field. */
export const field = (errorCode: string, fieldName: string, message: string): FieldError[] => [
  { errorCode, fieldName, message },
];

export class ValidationFailedError extends AppError {
  readonly status = HttpStatus.BAD_REQUEST;
  get errorCode(): string {
    return this.fieldErrors[0]?.errorCode ?? 'ValidationException';
  }
  constructor(errors: FieldError[]) {
    super(errors[0]?.message ?? 'Validation failed', errors);
  }
}

/** A single invalid field: `new InvalidFieldError('number', 'InvalidPhoneNumber', '...')`. */
export class InvalidFieldError extends ValidationFailedError {
  constructor(fieldName: string, errorCode: string, message: string) {
    super(field(errorCode, fieldName, message));
  }
}

/** A malformed request that is not about one field (e.g. a form with a forbidden field name). */
export class BadRequestError extends AppError {
  readonly status = HttpStatus.BAD_REQUEST;
  readonly errorCode = 'BadRequest';
}

/** The client asked for a response format other than JSON. */
export class NotAcceptableError extends AppError {
  readonly status = HttpStatus.NOT_ACCEPTABLE;
  readonly errorCode = 'NotAcceptable';
}

export class UnsupportedMediaTypeError extends AppError {
  readonly status = HttpStatus.UNSUPPORTED_MEDIA_TYPE;
  readonly errorCode = 'UnsupportedMediaType';
}

export class NotFoundError extends AppError {
  readonly status = HttpStatus.NOT_FOUND;
  readonly errorCode = 'NotFound';
}

export class UnauthorizedError extends AppError {
  readonly status = HttpStatus.UNAUTHORIZED;
  readonly errorCode = 'Unauthorized';
}

/** Over a rate limit: the answer says in `Retry-After` how many seconds to wait. */
export class TooManyRequestsError extends AppError {
  readonly status = HttpStatus.TOO_MANY_REQUESTS;
  readonly errorCode = 'TooManyRequests';
  override readonly headers: Record<string, string>;
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.headers = { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) };
  }
}

export class ForbiddenError extends AppError {
  readonly status = HttpStatus.FORBIDDEN;
  readonly errorCode = 'Forbidden';
}

export class ConflictError extends AppError {
  readonly status = HttpStatus.CONFLICT;
  constructor(
    readonly errorCode: string,
    message: string,
    fieldName?: string,
  ) {
    super(message, fieldName ? field(errorCode, fieldName, message) : []);
  }
}
