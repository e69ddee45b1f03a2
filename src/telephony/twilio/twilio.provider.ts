import twilio from 'twilio';
import type { IncomingPhoneNumberInstance } from 'twilio/lib/rest/api/v2010/account/incomingPhoneNumber';
import type { PhoneNumberCapabilities } from 'twilio/lib/interfaces';
import { NotFoundError } from '../../common/errors/domain-errors';
import { NumberNotAtProviderError } from '../telephony.errors';
import { assertSearchIsHonourable } from './search-filters';
import {
  AvailableNumber,
  AvailableNumberQuery,
  CallerIdValidation,
  CallerIdValidationRequest,
  OwnedNumber,
  PurchaseNumberRequest,
  TelephonyProvider,
  UpdateNumberRequest,
} from '../telephony.provider';
import { isTwilioNotFound, translateTwilioError } from './twilio-errors';
import { TwilioHttpClient } from './twilio-http-client';

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
}

export interface TwilioProviderOptions {
  /** TWILIO_API_BASE_URL: a Twilio-compatible server; unset in production. */
  apiBaseUrl?: string;
  /** Per request; Twilio answers within a second or two, and a buy must not hang a client. */
  timeoutMs?: number;
  extraHeaders?: Record<string, string>;
}

export const TWILIO_DEFAULT_TIMEOUT_MS = 15_000;
const SEARCH_LIMIT = 20;

/** Twilio's answers for search results, with the fields the service reads. */
interface TwilioAvailableNumber {
  phoneNumber: string;
  friendlyName: string;
  locality: string;
  region: string;
  postalCode: string;
  isoCountry: string;
  capabilities: PhoneNumberCapabilities;
}

/**
 * The Twilio adapter of the telephony port, on the official SDK. Every SDK call goes through `call`,
 * which translates Twilio's failures into the service's domain errors.
 */
export class TwilioTelephonyProvider extends TelephonyProvider {
  readonly name = 'twilio';
  readonly httpClient: TwilioHttpClient;
  private readonly client: twilio.Twilio;

  constructor(
    readonly credentials: TwilioCredentials,
    options: TwilioProviderOptions = {},
  ) {
    super();
    this.httpClient = new TwilioHttpClient({
      apiBaseUrl: options.apiBaseUrl,
      timeoutMs: options.timeoutMs ?? TWILIO_DEFAULT_TIMEOUT_MS,
      extraHeaders: options.extraHeaders,
    });
    this.client = twilio(credentials.accountSid, credentials.authToken, { httpClient: this.httpClient });
  }

  async searchAvailableNumbers(query: AvailableNumberQuery): Promise<AvailableNumber[]> {
    assertSearchIsHonourable(query);
    const country = this.client.availablePhoneNumbers(query.countryCode);
    const filters = {
      areaCode: query.areaCode !== undefined ? Number(query.areaCode) : undefined,
      contains: query.contains,
      inRegion: query.region,
      inPostalCode: query.postalCode,
      faxEnabled: query.isFaxNumber ? true : undefined,
      limit: query.limit ?? SEARCH_LIMIT,
    };
    const found = await this.call<TwilioAvailableNumber[]>(() => {
      switch (query.type) {
        case 'tollFree':
          return country.tollFree.list(filters);
        case 'mobile':
          return country.mobile.list(filters);
        default:
          return country.local.list(filters);
      }
    });
    return found.map((n) => ({
      phoneNumber: n.phoneNumber,
      friendlyName: n.friendlyName,
      locality: n.locality ?? null,
      region: n.region ?? null,
      postalCode: n.postalCode ?? null,
      isoCountry: n.isoCountry,
      capabilities: {
        voice: n.capabilities?.voice === true,
        sms: n.capabilities?.sms === true,
        mms: n.capabilities?.mms === true,
        fax: n.capabilities?.fax === true,
      },
    }));
  }

  async purchaseNumber(request: PurchaseNumberRequest): Promise<OwnedNumber> {
    const bought = await this.call(
      () =>
        this.client.incomingPhoneNumbers.create({
          phoneNumber: request.phoneNumber,
          friendlyName: request.friendlyName,
          addressSid: request.addressSid ?? undefined,
          voiceUrl: request.voiceUrl,
          smsUrl: request.smsUrl,
          statusCallback: request.statusCallbackUrl,
        }),
      request.phoneNumber,
    );
    return toOwnedNumber(bought);
  }

  async releaseNumber(sid: string): Promise<void> {
    try {
      await this.client.incomingPhoneNumbers(sid).remove();
    } catch (error) {
      // Not "already released": these credentials may name another Twilio account than the one that bought it.
      if (isTwilioNotFound(error)) throw new NumberNotAtProviderError(sid);
      throw translateTwilioError(error);
    }
  }

  async updateNumber(sid: string, changes: UpdateNumberRequest): Promise<OwnedNumber> {
    try {
      const updated = await this.client.incomingPhoneNumbers(sid).update({
        friendlyName: changes.friendlyName,
        voiceUrl: changes.voiceUrl,
        smsUrl: changes.smsUrl,
        addressSid: changes.addressSid ?? undefined,
        emergencyAddressSid: changes.emergencyAddressSid ?? undefined,
        emergencyStatus:
          changes.emergencyCallingEnabled === undefined
            ? undefined
            : changes.emergencyCallingEnabled
              ? 'Active'
              : 'Inactive',
      });
      return toOwnedNumber(updated);
    } catch (error) {
      if (isTwilioNotFound(error)) throw new NotFoundError(`Twilio holds no number ${sid}`);
      throw translateTwilioError(error);
    }
  }

  async findOwnedNumber(phoneNumber: string): Promise<OwnedNumber | null> {
    const found = await this.call(() => this.client.incomingPhoneNumbers.list({ phoneNumber, limit: 1 }));
    return found.length > 0 ? toOwnedNumber(found[0]) : null;
  }

  async listOwnedNumbers(): Promise<OwnedNumber[]> {
    const found = await this.call(() => this.client.incomingPhoneNumbers.list({ pageSize: 1000 }));
    return found.map(toOwnedNumber);
  }

  async startCallerIdValidation(request: CallerIdValidationRequest): Promise<CallerIdValidation> {
    const started = await this.call(
      () =>
        this.client.validationRequests.create({
          phoneNumber: request.phoneNumber,
          friendlyName: request.friendlyName,
          statusCallback: request.statusCallbackUrl,
        }),
      request.phoneNumber,
    );
    return { validationCode: started.validationCode, callSid: started.callSid ?? null };
  }

  private async call<T>(work: () => Promise<T>, phoneNumber?: string): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw translateTwilioError(error, phoneNumber);
    }
  }
}

function toOwnedNumber(n: IncomingPhoneNumberInstance): OwnedNumber {
  return {
    sid: n.sid,
    phoneNumber: n.phoneNumber,
    friendlyName: n.friendlyName ?? null,
    voiceUrl: n.voiceUrl ?? null,
    smsUrl: n.smsUrl ?? null,
    addressSid: n.addressSid ?? null,
    emergencyAddressSid: n.emergencyAddressSid ?? null,
  };
}
