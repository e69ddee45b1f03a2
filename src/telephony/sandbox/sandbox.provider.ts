import { createHash } from 'node:crypto';
import {
  NotFoundError,
  NumberUnavailableError,
  ProviderInvalidNumberError,
} from '../../common/errors/domain-errors';
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
import { assertSearchIsHonourable } from '../search-filters';

/** Twilio's magic test numbers, which the sandbox honours the same way. */
export const SANDBOX_NUMBERS = {
  available: '+15005550006',
  unavailable: '+15005550000',
  invalid: '+15005550001',
} as const;

const sidFor = (prefix: string, value: string): string =>
  prefix + createHash('sha256').update(value).digest('hex').slice(0, 32);

/**
 * A deterministic, offline provider modelled on Twilio's test credentials: the default when no
 * Twilio credentials are configured. It keeps its inventory in memory, per process.
 */
export class SandboxTelephonyProvider extends TelephonyProvider {
  readonly name = 'sandbox';
  protected readonly inventory = new Map<string, OwnedNumber>();

  async searchAvailableNumbers(query: AvailableNumberQuery): Promise<AvailableNumber[]> {
    assertSearchIsHonourable(query);
    const areaCode = query.areaCode ?? (query.type === 'tollFree' ? '888' : '500');
    const candidates = Array.from(
      { length: 20 },
      (_, i) => `+1${areaCode}555${String(6 + i).padStart(4, '0')}`,
    );
    return candidates
      .filter((n) => !query.contains || n.includes(query.contains.replace(/\D/g, '')))
      .filter(
        (n) => !this.inventory.has(n) && n !== SANDBOX_NUMBERS.unavailable && n !== SANDBOX_NUMBERS.invalid,
      )
      .slice(0, query.limit ?? 20)
      .map((phoneNumber) => ({
        phoneNumber,
        friendlyName: phoneNumber,
        locality: 'Sandbox',
        region: query.region ?? 'CA',
        postalCode: query.postalCode ?? null,
        isoCountry: query.countryCode,
        capabilities: { voice: true, sms: true, mms: true, fax: true },
      }));
  }

  async purchaseNumber(request: PurchaseNumberRequest): Promise<OwnedNumber> {
    if (request.phoneNumber === SANDBOX_NUMBERS.unavailable)
      throw new NumberUnavailableError(request.phoneNumber);
    if (request.phoneNumber === SANDBOX_NUMBERS.invalid)
      throw new ProviderInvalidNumberError(request.phoneNumber);
    const owned: OwnedNumber = {
      sid: sidFor('PN', request.phoneNumber),
      phoneNumber: request.phoneNumber,
      friendlyName: request.friendlyName,
      voiceUrl: request.voiceUrl ?? null,
      smsUrl: request.smsUrl ?? null,
      addressSid: request.addressSid ?? null,
      emergencyAddressSid: null,
    };
    this.inventory.set(request.phoneNumber, owned);
    return { ...owned };
  }

  async releaseNumber(sid: string): Promise<void> {
    for (const [number, owned] of this.inventory) if (owned.sid === sid) this.inventory.delete(number);
  }

  async updateNumber(sid: string, changes: UpdateNumberRequest): Promise<OwnedNumber> {
    const owned = [...this.inventory.values()].find((o) => o.sid === sid);
    if (!owned) throw new NotFoundError(`The provider holds no number ${sid}`);
    Object.assign(owned, {
      ...(changes.friendlyName !== undefined ? { friendlyName: changes.friendlyName } : {}),
      ...(changes.voiceUrl !== undefined ? { voiceUrl: changes.voiceUrl } : {}),
      ...(changes.smsUrl !== undefined ? { smsUrl: changes.smsUrl } : {}),
      ...(changes.addressSid !== undefined ? { addressSid: changes.addressSid } : {}),
      ...(changes.emergencyAddressSid !== undefined
        ? { emergencyAddressSid: changes.emergencyAddressSid }
        : {}),
    });
    return { ...owned };
  }

  async findOwnedNumber(phoneNumber: string): Promise<OwnedNumber | null> {
    const owned = this.inventory.get(phoneNumber);
    return owned ? { ...owned } : null;
  }

  async listOwnedNumbers(): Promise<OwnedNumber[]> {
    return [...this.inventory.values()].map((o) => ({ ...o }));
  }

  async startCallerIdValidation(request: CallerIdValidationRequest): Promise<CallerIdValidation> {
    const digits = createHash('sha256').update(request.phoneNumber).digest().readUInt32BE(0) % 1_000_000;
    return { validationCode: String(digits).padStart(6, '0'), callSid: sidFor('CA', request.phoneNumber) };
  }
}
