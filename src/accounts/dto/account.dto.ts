import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';
import { EntityInfo } from '../../contract/entity-info.dto';
import { ListRequest, SortFieldOf, type SortFields } from '../../common/dto/list.dto';
import {
  OptionalBool,
  OptionalId,
  OptionalInt,
  PatchBool,
  PatchString,
  RequiredString,
} from '../../common/validation/decorators';

const TwilioAccountSid = () =>
  applyDecorators(
    ApiPropertyOptional({
      description: "The account's own Twilio account SID (bring-your-own-account); null clears it",
      type: String,
      nullable: true,
      pattern: '^AC[0-9a-fA-F]{32}$',
    }),
    IsOptional(),
    Matches(/^AC[0-9a-fA-F]{32}$/, { message: '$property must be AC followed by 32 hex digits' }),
  );

const TwilioAuthToken = () =>
  applyDecorators(
    ApiPropertyOptional({
      description:
        'The auth token of that Twilio account. Write-only: stored encrypted (AES-256-GCM) and never returned',
      type: String,
      writeOnly: true,
      pattern: '^[0-9A-Za-z]{32}$',
    }),
    IsOptional(),
    Matches(/^[0-9A-Za-z]{32}$/, { message: '$property must be the 32-character Twilio auth token' }),
  );

const BYOA_DESCRIPTION =
  "Buy and manage this account's numbers through its own Twilio account (twilioAccountSid and twilioAuthToken)";

export class NewAccount {
  @RequiredString('The name of the account', 255, 'Acme Telecom')
  name: string;

  @OptionalId('The parent account, for reseller hierarchies')
  parentAccountId?: string;

  @OptionalInt('Maximum number of bought (non-virtual) phone numbers; omit for no limit', 0, 1_000_000)
  maxPhoneNumbers?: number;

  @TwilioAccountSid()
  twilioAccountSid?: string;

  @TwilioAuthToken()
  twilioAuthToken?: string;

  @OptionalBool(BYOA_DESCRIPTION)
  isBYOA?: boolean;
}

/** PATCH /accounts/{accountId}: only the fields given change. */
export class UpdateAccount {
  @PatchString('The name of the account')
  name?: string;

  @ApiPropertyOptional({
    description: 'Maximum number of bought (non-virtual) phone numbers; null removes the limit',
    type: 'integer',
    nullable: true,
    minimum: 0,
    maximum: 1_000_000,
  })
  @ValidateIf((_o, value) => value !== null)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  maxPhoneNumbers?: number | null;

  @ValidateIf((_o, value) => value !== null)
  @TwilioAccountSid()
  twilioAccountSid?: string | null;

  @TwilioAuthToken()
  twilioAuthToken?: string;

  @PatchBool(BYOA_DESCRIPTION)
  isBYOA?: boolean;
}

/** Evo's `AccountInfo`. */
export class AccountInfo extends EntityInfo {
  @ApiProperty({ description: 'The name of the account' })
  name: string;

  @ApiProperty({ description: 'The parent account', nullable: true, type: String })
  parentAccountId: string | null;

  @ApiProperty({
    description: 'The Twilio account SID (bring-your-own-account)',
    nullable: true,
    type: String,
  })
  twilioAccountSid: string | null;

  @ApiProperty({ description: 'Ancestor account ids, root first', type: [String] })
  ancestorIds: string[];

  @ApiProperty({
    description: 'Maximum number of bought phone numbers (null: no limit)',
    nullable: true,
    type: 'integer',
  })
  maxPhoneNumbers: number | null;

  @ApiProperty({ description: 'Does the account bring its own Twilio account?' })
  isBYOA: boolean;
}

/** The fields ListAccounts sorts by, and their columns. */
export const ACCOUNT_SORT_FIELDS = {
  name: 'a.name',
  dateCreated: 'a.dateCreated',
  dateLastModified: 'a.dateLastModified',
  id: 'a.id',
} as const satisfies SortFields;

/** Evo's `ListAccounts`: paged like every list. */
@SortFieldOf(ACCOUNT_SORT_FIELDS, 'name')
export class ListAccountsQuery extends ListRequest {}
