import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { AuditedEntity } from '../../database/audited.entity';
import type { Schedule } from '../../contract/schedule.dto';
import type { Struct } from '../../contract/struct.dto';

@Entity('customers')
export class CustomerEntity extends AuditedEntity {
  // Goes with its account (1765600000000): a row created while the account is deleted cannot outlive it.
  @ForeignKey('accounts', { onDelete: 'CASCADE' })
  @Index()
  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  /** A customer with children cannot be deleted (a 409, or its whole subtree goes with it). */
  @ForeignKey('customers', { onDelete: 'NO ACTION' })
  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  parentCustomerId: string | null;

  @Index()
  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  referenceId: string | null;

  /**
   * Materialised path of ids from the root customer to this one, each followed by '/':
   * `rootId/childId/thisId/`. A subtree is `path LIKE 'prefix%'`, answered by the index.
   */
  @Index()
  @Column({ type: 'varchar', length: 1000 })
  path: string;

  @Column({ type: 'simple-json', nullable: true })
  data: Struct | null;

  /** Stored and returned as given (validated on write). */
  @Column({ type: 'simple-json', nullable: true })
  schedule: Schedule | null;
}
