import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsObject,
  IsOptional,
  ValidateNested,
} from 'class-validator';
import {
  OptionalDateTime,
  OptionalId,
  OptionalTimeZone,
  RequiredString,
} from '../../common/validation/decorators';
import { CustomField, CustomFieldList } from '../../custom-fields/dto/custom-field.dto';
import { colorMessage } from '../../tags/dto/new-tag.dto';
import { Tag } from '../../tags/dto/tag.dto';
import { TagColors } from '../../tags/dto/tag-colors.enum';

export class GetSystemSettingsQuery {
  @OptionalId("The account whose settings to read (defaults to the caller's only account)")
  accountId?: string;
}

/** A tag in the catalogue of `PatchSystemSettings`: with an id it is updated, without one created. */
export class SystemSettingsTag {
  @OptionalId('The ID of an existing tag of the account; omit to create the tag')
  id?: string;

  @RequiredString('The name of the tag, unique within the account', 255, 'VIP')
  name: string;

  @ApiProperty({ description: 'The color of the tag', enum: TagColors, enumName: 'TagColors' })
  @IsEnum(TagColors, { message: colorMessage })
  color: TagColors;
}

const FIELD_RULES =
  'Null leaves it unchanged too. Names are unique case-insensitively within the list; `type` is a ' +
  'ValueTypes name other than Transition; `defaultValue` is a Value. Every property of a field is stored ' +
  'and returned as sent, unknown ones included.';

/** Evo's `PatchSystemSettings`, for the parts this service serves. Each list given replaces the account's. */
export class PatchSystemSettings {
  @OptionalId("The account whose settings to change (defaults to the caller's only account)")
  accountId?: string;

  @ApiPropertyOptional({
    description:
      "The account's complete tag catalogue: listed tags are created or updated, tags left out are deleted " +
      '(and removed from every endpoint, customer and flow). Omit to leave the tags unchanged.',
    type: [SystemSettingsTag],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsObject({ each: true, message: 'tags must each be a tag object' })
  @ValidateNested({ each: true })
  @Type(() => SystemSettingsTag)
  tags?: SystemSettingsTag[];

  @CustomFieldList(
    `The account's complete list of customer fields, in order; omit to leave it unchanged. ${FIELD_RULES} ` +
      '`endpointType` is refused here.',
  )
  customerFields?: CustomField[] | null;

  @CustomFieldList(
    `The account's complete list of endpoint fields, in order; omit to leave it unchanged. ${FIELD_RULES} ` +
      '`endpointType`, when given, is an EndpointTypes name.',
  )
  endpointFields?: CustomField[] | null;

  @CustomFieldList(
    `The account's complete list of system fields, in order; omit to leave it unchanged. ${FIELD_RULES} ` +
      '`endpointType` is refused here.',
  )
  systemFields?: CustomField[] | null;

  @ApiPropertyOptional({
    description:
      'Turns the test clock on or off: while on, every schedule of the account is evaluated at ' +
      '`overrideSystemDateTime` instead of now. Omit (or null) to leave it unchanged.',
    type: Boolean,
    nullable: true,
  })
  @IsOptional()
  @IsBoolean()
  overrideSystemTime?: boolean | null;

  @OptionalTimeZone(
    'The IANA time zone `overrideSystemDateTime` is read in when it carries no offset (UTC when unset). ' +
      'Omit (or null) to leave it unchanged.',
  )
  overrideSystemTimeZoneId?: string | null;

  @OptionalDateTime(
    "The test clock's instant: an ISO 8601 date-time, local to `overrideSystemTimeZoneId` or with an " +
      'offset. Required while `overrideSystemTime` is on. Omit (or null) to leave it unchanged.',
    'optional',
  )
  overrideSystemDateTime?: string | null;
}

/** Evo's `SystemSettingsInfo`, for the parts this service serves. */
export class SystemSettingsInfo {
  @ApiProperty({ description: 'The account these settings belong to' })
  accountId: string;

  @ApiProperty({ description: "The account's tag catalogue, by name", type: [Tag] })
  tags: Tag[];

  @ApiProperty({ description: "The account's customer fields, in order", type: [CustomField] })
  customerFields: CustomField[];

  @ApiProperty({ description: "The account's endpoint fields, in order", type: [CustomField] })
  endpointFields: CustomField[];

  @ApiProperty({ description: "The account's system fields, in order", type: [CustomField] })
  systemFields: CustomField[];

  @ApiProperty({ description: 'Is the test clock on (schedules evaluated at overrideSystemDateTime)?' })
  overrideSystemTime: boolean;

  @ApiProperty({ description: "The test clock's time zone", nullable: true, type: String })
  overrideSystemTimeZoneId: string | null;

  @ApiProperty({ description: "The test clock's instant", nullable: true, type: String })
  overrideSystemDateTime: string | null;
}
