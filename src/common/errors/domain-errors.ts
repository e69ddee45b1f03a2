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
const field = (errorCode: string, fieldName: string, message: string): FieldError[] => [
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

/**
 * No principal for the request: credentials missing, wrong or expired, or their user gone. The hint
 * says why when that can be told without revealing anything (an expired token, say).
 */
export class InvalidCredentialsError extends UnauthorizedError {
  constructor(hint?: string) {
    super(hint ? `Missing or invalid credentials: ${hint}` : 'Missing or invalid credentials');
  }
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

export class PhoneNumberAlreadyExistsError extends ConflictError {
  constructor(phoneNumber: string) {
    super('PhoneNumberAlreadyExists', `${phoneNumber} is already an endpoint; nothing was bought.`, 'number');
  }
}

export class PhoneNumberQuotaExceededError extends ConflictError {
  constructor(max: number) {
    super(
      'PhoneNumberQuotaExceeded',
      `The account already holds its maximum of ${max} phone numbers; nothing was bought.`,
      'accountId',
    );
  }
}

/**
 * Releasing a number its provider account does not hold (the provider's 404): released outside the service,
 * or bought through other credentials. Never counted as released: the endpoint stays (and the
 * reconciler reports it as missing at the provider).
 */
export class NumberNotAtProviderError extends ConflictError {
  constructor(phoneNumberSid: string) {
    super(
      'NumberNotAtProvider',
      `The account's provider account holds no number ${phoneNumberSid}: it was released outside the service, ` +
        'or bought through other credentials. Nothing was deleted. Once checked, mark the endpoint ' +
        'doNotTouchPhoneNumber to delete it without releasing the number.',
    );
  }
}

/** The provider says the number cannot be bought (for example, sold to someone else). */
export class NumberUnavailableError extends AppError {
  readonly status = HttpStatus.BAD_REQUEST;
  readonly errorCode = 'NumberNotAvailable';
  constructor(phoneNumber: string, detail?: string) {
    const message = `${phoneNumber} is not available to buy${detail ? ` (${detail})` : ''}; nothing was bought or stored.`;
    super(message, field('NumberNotAvailable', 'number', message));
  }
}

/** The provider says the number is not a valid phone number. */
export class ProviderInvalidNumberError extends AppError {
  readonly status = HttpStatus.BAD_REQUEST;
  readonly errorCode = 'InvalidPhoneNumber';
  constructor(phoneNumber: string, detail?: string) {
    const message = `The provider rejected ${phoneNumber} as invalid${detail ? ` (${detail})` : ''}; nothing was bought or stored.`;
    super(message, field('InvalidPhoneNumber', 'number', message));
  }
}

/** The provider requires an address for this number. */
export class AddressRequiredError extends AppError {
  readonly status = HttpStatus.BAD_REQUEST;
  readonly errorCode = 'AddressRequired';
  constructor(detail?: string) {
    const message = `This number requires a valid addressSid${detail ? ` (${detail})` : ''}; nothing was bought or stored.`;
    super(message, field('AddressRequired', 'addressSid', message));
  }
}

/** The provider failed (auth, rate limit, outage, timeout): nothing was bought or stored. */
export class ProviderUnavailableError extends AppError {
  readonly status: HttpStatus;
  readonly errorCode = 'ProviderUnavailable';
  /**
   * @param notProcessed the provider certainly did not act on the request (it refused the credentials or
   *   rate-limited it), as opposed to an outage or timeout after which a purchase may still have happened.
   */
  constructor(
    detail: string,
    readonly notProcessed = false,
    status: HttpStatus = HttpStatus.SERVICE_UNAVAILABLE,
  ) {
    super(`The telephony provider failed (${detail}); nothing was bought or stored.`);
    this.status = status;
  }
}

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

/**
 * The provider did not answer in time: the number may or may not have been bought. Its claim is kept
 * and the reconciler settles it (adopts the number or releases the claim).
 */
export class ProvisioningOutcomeUnknownError extends AppError {
  readonly status = HttpStatus.GATEWAY_TIMEOUT;
  readonly errorCode = 'ProvisioningOutcomeUnknown';
  constructor(phoneNumber: string, detail: string) {
    super(
      `The telephony provider did not confirm the purchase of ${phoneNumber} (${detail}). The number stays ` +
        'reserved while the service settles the outcome with the provider; look it up again later.',
    );
  }
}

/** The number was bought but recording it failed; it was released (or queued for release). */
export class ProvisioningFailedError extends AppError {
  readonly status = HttpStatus.SERVICE_UNAVAILABLE;
  readonly errorCode = 'ProvisioningFailed';
  constructor(phoneNumber: string) {
    super(
      `Recording the purchase of ${phoneNumber} failed; the number is released at the provider and ` +
        'nothing was stored. Retry later.',
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

/** The provider refused a request for a reason the service has no specific error for (its message says why). */
export class ProviderRejectedError extends AppError {
  readonly status: HttpStatus;
  readonly errorCode = 'ProviderRejected';
  constructor(detail: string, status: HttpStatus = HttpStatus.BAD_REQUEST) {
    super(`The telephony provider refused the request (${detail}); nothing was bought or stored.`);
    this.status = status;
  }
}
