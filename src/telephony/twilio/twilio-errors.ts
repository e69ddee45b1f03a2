import { HttpStatus } from '@nestjs/common';
import {
  AddressRequiredError,
  NumberUnavailableError,
  ProviderInvalidNumberError,
  ProviderRejectedError,
  ProviderUnavailableError,
} from '../telephony.errors';
import { AppError } from '../../common/errors/domain-errors';

/** Twilio error codes (https://www.twilio.com/docs/api/errors) the service tells apart. */
export const TWILIO_ERRORS = {
  numberUnavailable: [21422],
  invalidNumber: [21421, 21401, 21217, 21211],
  addressRequired: [21631, 21615, 21613],
  authenticationFailed: [20003],
  tooManyRequests: [20429],
  notFound: [20404],
} as const;

/** What the SDK throws for an answer that is not 2xx (its RestException), without importing its class. */
export interface TwilioRestError {
  status: number;
  code?: number;
  message: string;
}

export const isTwilioRestError = (error: unknown): error is TwilioRestError =>
  error instanceof Error && typeof (error as Partial<TwilioRestError>).status === 'number';

export const isTwilioNotFound = (error: unknown): boolean =>
  isTwilioRestError(error) && (error.status === 404 || error.code === 20404);

const has = (codes: readonly number[], code: number | undefined): boolean =>
  code !== undefined && codes.includes(code);

/**
 * Translates whatever a Twilio SDK call threw into one of the service's domain errors: the one place
 * where Twilio's error codes are known. `phoneNumber` names the number the call was about.
 */
export function translateTwilioError(error: unknown, phoneNumber = 'The number'): AppError {
  if (error instanceof AppError) return error;
  if (!isTwilioRestError(error)) {
    // No answer at all: a timeout, a refused or reset connection, a DNS failure.
    const code = (error as { code?: string } | null)?.code;
    return new ProviderUnavailableError(`no answer from Twilio${code ? `: ${code}` : ''}`);
  }
  const detail = `Twilio ${error.code ?? error.status}: ${error.message}`;
  if (has(TWILIO_ERRORS.numberUnavailable, error.code))
    return new NumberUnavailableError(phoneNumber, detail);
  if (has(TWILIO_ERRORS.invalidNumber, error.code))
    return new ProviderInvalidNumberError(phoneNumber, detail);
  if (has(TWILIO_ERRORS.addressRequired, error.code)) return new AddressRequiredError(detail);
  if (has(TWILIO_ERRORS.authenticationFailed, error.code) || error.status === 401)
    return new ProviderUnavailableError(`Twilio refused the account credentials (${detail})`, true);
  if (has(TWILIO_ERRORS.tooManyRequests, error.code) || error.status === 429)
    return new ProviderUnavailableError(`Twilio is rate limiting the service (${detail})`, true);
  if (error.status >= 500) return new ProviderUnavailableError(`Twilio answered ${error.status} (${detail})`);
  return new ProviderRejectedError(
    detail,
    error.status === 404 ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST,
  );
}
