import { HttpStatus } from '@nestjs/common';
import { AppError, ConflictError, type FieldError, field } from '../common/errors/domain-errors';

// The errors of Idempotency-Key handling.

/** The same Idempotency-Key was sent before with another request (another body or operation). */
export class IdempotencyKeyReusedError extends AppError {
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  readonly errorCode = 'IdempotencyKeyReused';
  constructor() {
    const message =
      'This Idempotency-Key was already used with a different request; send a new key for a new request.';
    super(message, field('IdempotencyKeyReused', 'Idempotency-Key', message));
  }
}

/** A request with the same Idempotency-Key is still being processed. */
export class IdempotencyKeyInFlightError extends ConflictError {
  constructor() {
    super(
      'IdempotencyKeyInFlight',
      'A request with this Idempotency-Key is still in progress; retry once it has finished.',
      'Idempotency-Key',
    );
  }
}

/** A stored error response, answered again for a repeated Idempotency-Key. */
export class ReplayedError extends AppError {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    fieldErrors: FieldError[],
  ) {
    super(message, fieldErrors);
  }
}
