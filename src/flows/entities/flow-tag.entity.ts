import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** A flow's tag; deleting the flow or the tag deletes the link. */
@Entity('flow_tags')
export class FlowTagEntity {
  @ForeignKey('flows', { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  flowId: string;

  @ForeignKey('tags', { onDelete: 'CASCADE' })
  @Index()
  @PrimaryColumn({ type: 'varchar', length: 36 })
  tagId: string;
}
