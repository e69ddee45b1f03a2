import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { AuditedEntity } from '../../database/audited.entity';

/** A URL an account registered to receive its events. */
@Entity('webhooks')
export class WebhookEntity extends AuditedEntity {
  // Goes with its account (1765600000000): a row created while the account is deleted cannot outlive it.
  @ForeignKey('accounts', { onDelete: 'CASCADE' })
  @Index()
  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  /** Event types to deliver; an empty list means every type. */
  @Column({ type: 'simple-json' })
  eventTypes: string[];

  @Column({ type: 'varchar', length: 255, nullable: true })
  description: string | null;

  /** The `whsec_` signing secret, encrypted (AES-256-GCM): needed to sign, never returned again. */
  @Column({ type: 'text' })
  secretEncrypted: string;
}
