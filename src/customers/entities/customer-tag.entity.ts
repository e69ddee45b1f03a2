import { Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('customer_tags')
export class CustomerTagEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  customerId: string;

  @Index()
  @PrimaryColumn({ type: 'varchar', length: 36 })
  tagId: string;
}
