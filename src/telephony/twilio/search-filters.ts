import { InvalidFieldError } from '../../common/errors/domain-errors';
import type { AvailableNumberQuery } from '../telephony.provider';

/** Countries where Twilio honours the area code, region and postal code filters. */
const NANP_FILTER_COUNTRIES = ['US', 'CA'];

/**
 * Refuses a search filter the provider cannot honour, rather than silently ignoring it. The rules are
 * Twilio's (AvailablePhoneNumbers): AreaCode, InRegion and InPostalCode apply only in the US and
 * Canada; Contains is a 2-16 character pattern of digits, letters and the meta-characters * % + $.
 */
export function assertSearchIsHonourable(query: AvailableNumberQuery): void {
  const nanp = NANP_FILTER_COUNTRIES.includes(query.countryCode);
  const usOnly: [keyof AvailableNumberQuery, string][] = [
    ['areaCode', 'area code'],
    ['region', 'region'],
    ['postalCode', 'postal code'],
  ];
  for (const [fieldName, label] of usOnly) {
    if (query[fieldName] !== undefined && !nanp)
      throw new InvalidFieldError(
        fieldName,
        'FilterNotSupported',
        `The provider can filter by ${label} only in the US and Canada, not in ${query.countryCode}`,
      );
  }
  if (query.areaCode !== undefined && !/^[2-9]\d{2}$/.test(query.areaCode))
    throw new InvalidFieldError(
      'areaCode',
      'InvalidAreaCode',
      'areaCode must be a 3-digit North American area code',
    );
  if (query.contains !== undefined && !/^[0-9A-Za-z*%+$]{2,16}$/.test(query.contains))
    throw new InvalidFieldError(
      'contains',
      'InvalidPattern',
      'contains must be 2 to 16 digits, letters or the wildcards * % + $',
    );
}
