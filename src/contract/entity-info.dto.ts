import { ApiProperty } from '@nestjs/swagger';

/** Evo's `EntityInfo`: the audit fields every returned entity carries. */
export class EntityInfo {
  @ApiProperty({ description: 'The ID of the object' })
  id: string;

  @ApiProperty({ description: 'The date the object was created (ISO-8601, UTC)' })
  dateCreated: string;

  @ApiProperty({ description: 'The date the object was last modified (ISO-8601, UTC)' })
  dateLastModified: string;

  @ApiProperty({ description: 'The user that created this object', nullable: true, type: String })
  createdBy: string | null;

  @ApiProperty({ description: 'The user that last modified this object', nullable: true, type: String })
  lastModifiedBy: string | null;
}

export class CustomerBreadcrumb {
  @ApiProperty({ description: 'The ID of the customer' })
  id: string;

  @ApiProperty({ description: 'The name of the customer' })
  name: string;
}
