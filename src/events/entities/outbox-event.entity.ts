import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A domain event, written in the same transaction as the change it reports. The dispatcher later
 * publishes it in-process and fans it out to webhook deliveries, then stamps `dispatchedAt`.
 */
@Entity('outbox_events')
@Index(['dispatchedAt', 'createdAt'])
export class OutboxEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** e.g. `endpoint.created`. */
  @Column({ type: 'varchar', length: 64 })
  type: string;

  /** The tenant the event belongs to: only this account's webhooks receive it. */
  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  accountId: string | null;

  @Column({ type: 'simple-json' })
  payload: Record<string, unknown>;

  @Column({ type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  dispatchedAt: string | null;

  /** Which dispatcher run holds the row, and until when (a crashed holder's claim expires). */
  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  claimToken: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  claimedUntil: string | null;
}
