import { ApiProperty } from '@nestjs/swagger';
import { EntityInfo } from '../../common/dto/entity-info.dto';
import { OptionalId, OptionalInt, RequiredString } from '../../common/validation/decorators';

export class NewAccount {
  @RequiredString('The name of the account', 255, 'Acme Telecom')
  name: string;

  @OptionalId('The parent account, for reseller hierarchies')
  parentAccountId?: string;

  @OptionalInt('Maximum number of bought (non-virtual) phone numbers; omit for no limit', 0, 1_000_000)
  maxPhoneNumbers?: number;
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
