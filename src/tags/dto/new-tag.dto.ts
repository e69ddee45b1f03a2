import { ApiProperty } from '@nestjs/swagger';
import { IsEnum } from 'class-validator';
import { OptionalId, OptionalIdList, RequiredString } from '../../common/validation/decorators';
import { TagColors } from './tag-colors.enum';

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
  @IsEnum(TagColors, { message: `color must be one of: ${Object.values(TagColors).join(', ')}` })
  color: TagColors;
}

export class ListTagsQuery {
  @OptionalIdList('Only tags of these accounts')
  accountIds?: string[];
}
