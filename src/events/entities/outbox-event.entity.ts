import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A domain event, written in the same transaction as the change it reports. The dispatcher later
 * publishes it in-process and fans it out to webhook deliveries, then stamps `dispatchedAt`.
 *
 * The dispatcher takes the oldest undispatched events (`FOR UPDATE SKIP LOCKED` on PostgreSQL, in
 * the transaction that fans them out): the index holds those events only, so an event enters it
 * when written and leaves it when dispatched, and dispatched events (the bulk of the table) are
 * never in it.
 */
@Entity('outbox_events')
@Index(['createdAt'], { where: '"dispatchedAt" IS NULL' })
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
}
