import { HttpStatus } from '@nestjs/common';
import { AppError, ConflictError, field } from '../common/errors/domain-errors';

// What a telephony provider's refusals and failures become, whatever the provider.

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

/** The provider refused a request for a reason the service has no specific error for (its message says why). */
export class ProviderRejectedError extends AppError {
  readonly status: HttpStatus;
  readonly errorCode = 'ProviderRejected';
  constructor(detail: string, status: HttpStatus = HttpStatus.BAD_REQUEST) {
    super(`The telephony provider refused the request (${detail}); nothing was bought or stored.`);
    this.status = status;
  }
}
