import { HttpStatus } from '@nestjs/common';
import { AppError, ConflictError } from '../../common/errors/domain-errors';

// The errors of buying phone numbers.

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
