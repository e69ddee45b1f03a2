import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, ValidateNested } from 'class-validator';
import { ListRequest } from '../../common/dto/list.dto';
import {
  OptionalId,
  OptionalIdList,
  OptionalString,
  RequiredString,
} from '../../common/validation/decorators';
import { Tag } from './tag.dto';
import { TagColors } from './tag-colors.enum';

const colorMessage = `color must be one of: ${Object.values(TagColors).join(', ')}`;

/** Evo's `NewTag`. */
export class NewTag {
  @OptionalId("The account of the tag (defaults to the caller's only account)")
  accountId?: string;

  @RequiredString('The name of the tag, unique within the account', 255, 'VIP')
  name: string;

  @ApiProperty({
    description: 'The color of the tag',
    enum: TagColors,
    enumName: 'TagColors',
    example: TagColors.Blue,
  })
  @IsEnum(TagColors, { message: colorMessage })
  color: TagColors;
}

/** Evo's `PatchTag`: only the fields given change. */
export class PatchTag {
  @OptionalString('The new name of the tag, unique within the account')
  name?: string;

  @ApiPropertyOptional({ description: 'The new color of the tag', enum: TagColors, enumName: 'TagColors' })
  @IsOptional()
  @IsEnum(TagColors, { message: colorMessage })
  color?: TagColors;
}

/** Evo's `ListTags`. Sorts by `name` (default), `color`, `id`. */
export class ListTagsQuery extends ListRequest {
  @OptionalIdList('Only tags of these accounts')
  accountIds?: string[];

  @OptionalString('Only tags whose name contains this text (case-insensitive)')
  nameFilter?: string;
}

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

/** Evo's `PatchSystemSettings`, for the part this service serves: the account's tag catalogue. */
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
  @ValidateNested({ each: true })
  @Type(() => SystemSettingsTag)
  tags?: SystemSettingsTag[];
}

/** Evo's `SystemSettingsInfo`, for the part this service serves. */
export class SystemSettingsInfo {
  @ApiProperty({ description: 'The account these settings belong to' })
  accountId: string;

  @ApiProperty({ description: "The account's tag catalogue, by name", type: [Tag] })
  tags: Tag[];
}
