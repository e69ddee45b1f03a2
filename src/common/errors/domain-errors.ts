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

/** The provider says the number cannot be bought (Twilio 21422 and the like). */
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
  constructor(detail: string, status: HttpStatus = HttpStatus.SERVICE_UNAVAILABLE) {
    super(`The telephony provider failed (${detail}); nothing was bought or stored.`);
    this.status = status;
  }
}
