import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** One event to one webhook, with its attempts. At most one per (webhook, event). */
@Entity('webhook_deliveries')
@Index(['webhookId', 'eventId'], { unique: true })
@Index(['status', 'nextAttemptAt'])
// A webhook's deliveries, newest first, the id breaking ties: a page reads in index order.
@Index(['webhookId', 'createdAt', 'id'])
export class WebhookDeliveryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  webhookId: string;

  @Column({ type: 'varchar', length: 36 })
  eventId: string;

  @Column({ type: 'varchar', length: 64 })
  eventType: string;

  @Column({ type: 'varchar', length: 16 })
  status: WebhookDeliveryStatus;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ type: 'varchar', length: 32 })
  nextAttemptAt: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  lastAttemptAt: string | null;

  /** The receiver's HTTP status on the last attempt (null: no answer). */
  @Column({ type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ type: 'varchar', length: 32 })
  createdAt: string;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  claimToken: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  claimedUntil: string | null;
}
