import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { OptionalId, OptionalString, RequiredId } from '../../../common/validation/decorators';
import type { NumberType } from '../../../telephony/telephony.provider';

export const NUMBER_TYPES: NumberType[] = ['local', 'tollFree', 'mobile'];

/** A query-string boolean: `true`/`false` (anything else fails validation). */
const queryBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

/** Evo's `SearchPhoneNumbers` (query string). */
export class SearchPhoneNumbers {
  @OptionalId("The account whose provider is searched (defaults to the caller's only account)")
  accountId?: string;

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2 country code', default: 'US', example: 'US' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: '$property must be a two-letter ISO country code such as US' })
  countryCode?: string;

  @OptionalString('Three-digit area code (US and Canada only)', 3)
  areaCode?: string;

  @OptionalString(
    'Pattern the number must contain: 2-16 digits or letters, with the wildcards * (one character), % (any), ' +
      '+ (at the start) and $ (at the end)',
    16,
  )
  contains?: string;

  @OptionalString('Two-letter state or province (US and Canada only)', 64)
  region?: string;

  @OptionalString('Postal code (US and Canada only)', 16)
  postalCode?: string;

  @ApiPropertyOptional({ description: 'Only numbers that can receive faxes', type: Boolean, default: false })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  isFaxNumber?: boolean;

  @ApiPropertyOptional({ description: 'The kind of number', enum: NUMBER_TYPES, default: 'local' })
  @IsOptional()
  @IsIn(NUMBER_TYPES, { message: `$property must be one of: ${NUMBER_TYPES.join(', ')}` })
  type?: NumberType;
}

export class PhoneNumberCapabilities {
  @ApiProperty({ description: 'Can receive and make calls' })
  voice: boolean;

  @ApiProperty({ description: 'Can send and receive SMS' })
  sms: boolean;

  @ApiProperty({ description: 'Can send and receive MMS' })
  mms: boolean;

  @ApiProperty({ description: 'Can receive faxes' })
  fax: boolean;
}

/** A number available to buy. */
export class PhoneNumberInfo {
  @ApiProperty({ description: 'The number in E.164', example: '+14155552671' })
  phoneNumber: string;

  @ApiProperty({ description: 'The number formatted for display', example: '(415) 555-2671' })
  friendlyName: string;

  @ApiProperty({ description: 'City or locality of the number', nullable: true, type: String })
  locality: string | null;

  @ApiProperty({ description: 'Two-letter state or province of the number', nullable: true, type: String })
  region: string | null;

  @ApiProperty({ description: 'Postal code of the number', nullable: true, type: String })
  postalCode: string | null;

  @ApiProperty({ description: 'ISO country code of the number', example: 'US' })
  isoCountry: string;

  @ApiProperty({ description: 'What the number can do', type: PhoneNumberCapabilities })
  capabilities: PhoneNumberCapabilities;
}

/** Evo's `VerifyCallerId`. */
export class VerifyCallerId {
  @RequiredId('The virtual phone-number endpoint whose number is verified as a caller ID')
  endpointId: string;
}

/** Evo's `SetPhoneNumberIsFax` (body). */
export class SetPhoneNumberIsFax {
  @ApiProperty({ description: 'true: the number becomes a FaxNumber; false: a PhoneNumber', type: Boolean })
  @IsBoolean()
  isFax: boolean;
}
