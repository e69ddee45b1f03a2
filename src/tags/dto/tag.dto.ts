import { ApiProperty } from '@nestjs/swagger';
import { TagColors } from './tag-colors.enum';

/** The contract's `Tag`. */
export class Tag {
  @ApiProperty({ description: 'The ID of the tag' })
  id: string;

  @ApiProperty({ description: 'The name of the tag' })
  name: string;

  @ApiProperty({ description: 'The color of the tag', enum: TagColors, enumName: 'TagColors' })
  color: TagColors;
}
