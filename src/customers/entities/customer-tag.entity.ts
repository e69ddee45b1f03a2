import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** A customer's tag; deleting the customer or the tag deletes the link. */
@Entity('customer_tags')
export class CustomerTagEntity {
  @ForeignKey('customers', { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  customerId: string;

  @ForeignKey('tags', { onDelete: 'CASCADE' })
  @Index()
  @PrimaryColumn({ type: 'varchar', length: 36 })
  tagId: string;
}
