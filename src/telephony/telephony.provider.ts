/**
 * The telephony port. Services talk to numbers only through this; each adapter (sandbox, Twilio)
 * translates its provider's errors into the service's domain errors (common/errors/domain-errors).
 */

export type NumberType = 'local' | 'tollFree' | 'mobile';

export interface AvailableNumberQuery {
  countryCode: string;
  type: NumberType;
  areaCode?: string;
  contains?: string;
  region?: string;
  postalCode?: string;
  isFaxNumber?: boolean;
  limit?: number;
}

export interface AvailableNumber {
  phoneNumber: string;
  friendlyName: string;
  locality: string | null;
  region: string | null;
  postalCode: string | null;
  isoCountry: string;
  capabilities: { voice: boolean; sms: boolean; mms: boolean; fax: boolean };
}

export interface PurchaseNumberRequest {
  phoneNumber: string;
  friendlyName: string;
  addressSid?: string | null;
  isFaxNumber: boolean;
  voiceUrl?: string;
  smsUrl?: string;
  statusCallbackUrl?: string;
}

export interface OwnedNumber {
  sid: string;
  phoneNumber: string;
  friendlyName: string | null;
  voiceUrl: string | null;
  smsUrl: string | null;
  addressSid: string | null;
  emergencyAddressSid: string | null;
}

export interface UpdateNumberRequest {
  friendlyName?: string;
  voiceUrl?: string;
  smsUrl?: string;
  addressSid?: string | null;
  emergencyAddressSid?: string | null;
  emergencyCallingEnabled?: boolean;
}

export interface CallerIdValidationRequest {
  phoneNumber: string;
  friendlyName: string;
  statusCallbackUrl?: string;
}

export interface CallerIdValidation {
  validationCode: string;
  callSid: string | null;
}

export abstract class TelephonyProvider {
  /** A short name for logs and health checks: 'sandbox', 'twilio'. */
  abstract readonly name: string;

  abstract searchAvailableNumbers(query: AvailableNumberQuery): Promise<AvailableNumber[]>;

  /** Buys the number. Throws a domain error (NumberUnavailableError, ProviderUnavailableError, ...). */
  abstract purchaseNumber(request: PurchaseNumberRequest): Promise<OwnedNumber>;

  /** Releases a bought number; releasing a number that is already gone succeeds. */
  abstract releaseNumber(sid: string): Promise<void>;

  abstract updateNumber(sid: string, changes: UpdateNumberRequest): Promise<OwnedNumber>;

  /** The provider's own record of a number we may hold, or null (used to settle interrupted buys). */
  abstract findOwnedNumber(phoneNumber: string): Promise<OwnedNumber | null>;

  /** Every number the provider says this account holds (for drift reports). */
  abstract listOwnedNumbers(): Promise<OwnedNumber[]>;

  abstract startCallerIdValidation(request: CallerIdValidationRequest): Promise<CallerIdValidation>;
}
