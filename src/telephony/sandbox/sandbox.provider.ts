import { createHash } from 'node:crypto';
import { NotFoundError } from '../../common/errors/domain-errors';
import {
  NumberNotAtProviderError,
  NumberUnavailableError,
  ProviderInvalidNumberError,
} from '../telephony.errors';
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
import { assertSearchIsHonourable } from '../twilio/search-filters';
import { MemorySandboxInventory, type SandboxInventory } from './sandbox-inventory';

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
 * Twilio credentials are configured. The app keeps its inventory in the database (see
 * TelephonyModule); one built without an inventory keeps it in memory, per process (tests).
 */
export class SandboxTelephonyProvider extends TelephonyProvider {
  readonly name = 'sandbox';

  constructor(protected readonly inventory: SandboxInventory = new MemorySandboxInventory()) {
    super();
  }

  async searchAvailableNumbers(query: AvailableNumberQuery): Promise<AvailableNumber[]> {
    // The sandbox imitates Twilio, so it refuses the filters Twilio would refuse.
    assertSearchIsHonourable(query);
    const areaCode = query.areaCode ?? (query.type === 'tollFree' ? '888' : '500');
    const candidates = Array.from(
      { length: 20 },
      (_, i) => `+1${areaCode}555${String(6 + i).padStart(4, '0')}`,
    );
    const matching = candidates.filter(
      (n) =>
        (!query.contains || n.includes(query.contains.replace(/\D/g, ''))) &&
        n !== SANDBOX_NUMBERS.unavailable &&
        n !== SANDBOX_NUMBERS.invalid,
    );
    const taken = await this.inventory.taken(matching);
    return matching
      .filter((n) => !taken.has(n))
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
    await this.inventory.save(owned);
    return { ...owned };
  }

  async releaseNumber(sid: string): Promise<void> {
    if (!(await this.inventory.findBySid(sid))) throw new NumberNotAtProviderError(sid);
    await this.inventory.remove(sid);
  }

  async updateNumber(sid: string, changes: UpdateNumberRequest): Promise<OwnedNumber> {
    const owned = await this.inventory.findBySid(sid);
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
    await this.inventory.save(owned);
    return { ...owned };
  }

  async findOwnedNumber(phoneNumber: string): Promise<OwnedNumber | null> {
    return this.inventory.find(phoneNumber);
  }

  async listOwnedNumbers(): Promise<OwnedNumber[]> {
    return this.inventory.list();
  }

  async startCallerIdValidation(request: CallerIdValidationRequest): Promise<CallerIdValidation> {
    const digits = createHash('sha256').update(request.phoneNumber).digest().readUInt32BE(0) % 1_000_000;
    return { validationCode: String(digits).padStart(6, '0'), callSid: sidFor('CA', request.phoneNumber) };
  }
}
