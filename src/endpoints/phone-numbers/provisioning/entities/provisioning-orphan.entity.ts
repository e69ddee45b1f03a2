import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A number bought at the provider that the service could neither record nor release. The reconciler
 * retries the release until it succeeds (`releasedAt`); rows are kept as history.
 */
@Entity('provisioning_orphans')
@Index(['releasedAt'])
export class ProvisioningOrphanEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 20 })
  phoneNumber: string;

  @Column({ type: 'varchar', length: 64 })
  phoneNumberSid: string;

  @Column({ type: 'integer' })
  releaseAttempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'varchar', length: 32 })
  dateCreated: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  releasedAt: string | null;
}
