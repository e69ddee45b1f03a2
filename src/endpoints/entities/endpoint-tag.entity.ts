import { Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('endpoint_tags')
export class EndpointTagEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  endpointId: string;

  @Index()
  @PrimaryColumn({ type: 'varchar', length: 36 })
  tagId: string;
}
