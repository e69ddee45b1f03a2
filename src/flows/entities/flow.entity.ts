import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { AuditedEntity } from '../../database/audited.entity';

@Entity('flows')
export class FlowEntity extends AuditedEntity {
  // Goes with its account (1765600000000): a row created while the account is deleted cannot outlive it.
  @ForeignKey('accounts', { onDelete: 'CASCADE' })
  @Index()
  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  /** A deleted customer's flows stay with the account. */
  @ForeignKey('customers', { onDelete: 'SET NULL' })
  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  customerId: string | null;

  @Index()
  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'simple-json' })
  roles: string[];

  /** The routing graph, stored as given; its structure is validated on write. */
  @Column({ type: 'simple-json' })
  nodes: Record<string, unknown>[];

  @Column({ type: 'simple-json' })
  parameters: Record<string, unknown>[];

  @Column({ type: 'simple-json' })
  exits: Record<string, unknown>[];
}
