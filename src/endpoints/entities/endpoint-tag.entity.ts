import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * An endpoint's tag. The primary key answers "has this endpoint this tag" (the tagIds filter's probe);
 * the (tagId, endpointId) index lists a tag's endpoints from the index alone, when the planner
 * starts from the tag. Deleting the endpoint or the tag deletes the link.
 */
@Entity('endpoint_tags')
@Index(['tagId', 'endpointId'])
export class EndpointTagEntity {
  @ForeignKey('endpoints', { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  endpointId: string;

  @ForeignKey('tags', { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  tagId: string;
}
