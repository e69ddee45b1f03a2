import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum } from 'class-validator';
import { ListRequest, SortFieldOf, type SortFields } from '../../common/dto/list.dto';
import {
  OptionalId,
  OptionalIdList,
  OptionalString,
  Omittable,
  PatchString,
  RequiredString,
} from '../../common/validation/decorators';
import { TagColors } from './tag-colors.enum';

export const colorMessage = `color must be one of: ${Object.values(TagColors).join(', ')}`;

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
  @PatchString('The new name of the tag, unique within the account')
  name?: string;

  @ApiPropertyOptional({ description: 'The new color of the tag', enum: TagColors, enumName: 'TagColors' })
  @Omittable()
  @IsEnum(TagColors, { message: colorMessage })
  color?: TagColors;
}

/** The fields ListTags sorts by, and their columns. */
export const TAG_SORT_FIELDS = { name: 't.name', color: 't.color', id: 't.id' } as const satisfies SortFields;

/** Evo's `ListTags`. Sorts by `name` (default), `color`, `id`. */
@SortFieldOf(TAG_SORT_FIELDS, 'name')
export class ListTagsQuery extends ListRequest {
  @OptionalIdList('Only tags of these accounts')
  accountIds?: string[];

  @OptionalString('Only tags whose name contains this text (case-insensitive)')
  nameFilter?: string;
}
