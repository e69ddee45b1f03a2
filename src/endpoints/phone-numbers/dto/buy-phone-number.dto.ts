import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsPhoneNumber } from '../../../common/validation/phone-number';
import type { Struct } from '../../../contract/struct.dto';
import {
  OptionalBool,
  OptionalId,
  OptionalIdList,
  OptionalString,
  OptionalStruct,
} from '../../../common/validation/decorators';

/** The contract's `BuyPhoneNumber` request. */
export class BuyPhoneNumber {
  @OptionalId("The ID of the account to associate the number with (defaults to the caller's only account)")
  accountId?: string;

  @OptionalId('The ID of the customer to associate this number with')
  customerId?: string;

  @ApiProperty({
    description:
      'The number to buy/create, in E.164 (+15005550006) or any format libphonenumber parses (US default)',
    example: '+15005550006',
    maxLength: 32,
  })
  // class-validator checks bottom-up and stops at the first failure: presence, type, then format.
  @IsPhoneNumber()
  @MaxLength(32)
  @IsString()
  @IsNotEmpty()
  number: string;

  @OptionalBool('Is this number virtual? If so we will not buy but just create an entry')
  isVirtualPhoneNumber?: boolean;

  @OptionalBool('Is this a fax number?')
  isFaxNumber?: boolean;

  @OptionalString('The address SID to associate with the phone number', 64)
  addressSid?: string;

  @OptionalIdList('The list of tags to associate with the new endpoint')
  tagIds?: string[];

  @OptionalStruct('Data values for this endpoint')
  data?: Struct;

  @OptionalId('Specify the flow to use')
  flowId?: string;

  @OptionalStruct('The flow params')
  flowParams?: Struct;
}
