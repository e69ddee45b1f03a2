import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The steps of buying a number and of settling it afterwards. */
export const PROVISIONING_STEPS = [
  'claimed', // the number is reserved for the account (endpoint in state `provisioning`)
  'purchaseFailed', // the provider refused or failed; the claim is removed
  'purchased', // the provider sold the number
  'activated', // the endpoint is usable
  'outcomeUnknown', // the provider did not answer in time; the claim waits for the reconciler
  'compensated', // recording the purchase failed; the number was released at the provider
  'orphaned', // ... and releasing it failed too: kept in provisioning_orphans for the reconciler
  'released', // the reconciler released an orphan, or removed a claim the provider never sold
  'adopted', // the reconciler found a stuck claim bought at the provider and activated it
] as const;
export type ProvisioningStep = (typeof PROVISIONING_STEPS)[number];

/** Append-only audit trail of provisioning: rows are inserted, never updated or deleted. */
@Entity('provisioning_events')
// Newest first, the id breaking ties: a page reads in index order.
@Index(['accountId', 'occurredAt', 'id'])
@Index(['phoneNumber'])
export class ProvisioningEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** ISO-8601 UTC, strictly increasing within a process so that a request's steps sort in order. */
  @Column({ type: 'varchar', length: 32 })
  occurredAt: string;

  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 20 })
  phoneNumber: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  endpointId: string | null;

  @Column({ type: 'varchar', length: 16 })
  step: ProvisioningStep;

  /** The caller's email address, or `system:reconciler`. */
  @Column({ type: 'varchar', length: 255 })
  actor: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  idempotencyKey: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  phoneNumberSid: string | null;

  /** Why (an error message), in words. */
  @Column({ type: 'text', nullable: true })
  detail: string | null;
}
