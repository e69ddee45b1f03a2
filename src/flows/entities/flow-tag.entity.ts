import { Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('flow_tags')
export class FlowTagEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  flowId: string;

  @Index()
  @PrimaryColumn({ type: 'varchar', length: 36 })
  tagId: string;
}
