import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** `inFlight`: the first request is running; `completed`: its response is stored for replay. */
export type IdempotencyKeyState = 'inFlight' | 'completed';

/**
 * One `Idempotency-Key` of one caller. The unique (scope, key) pair is what lets exactly one of several
 * racing requests run, on every instance sharing the database.
 */
@Entity('idempotency_keys')
@Index(['scope', 'key'], { unique: true })
@Index(['expiresAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** Whose key it is: `user:<id>`. Keys never match across callers. */
  @Column({ type: 'varchar', length: 64 })
  scope: string;

  @Column({ type: 'varchar', length: 255 })
  key: string;

  /** SHA-256 of the operation and the canonical JSON body: the same key with another request is a 422. */
  @Column({ type: 'varchar', length: 64 })
  fingerprint: string;

  @Column({ type: 'varchar', length: 16 })
  state: IdempotencyKeyState;

  /** An in-flight key whose request died (process killed) is taken over after this. */
  @Column({ type: 'varchar', length: 32 })
  lockedUntil: string;

  @Column({ type: 'integer', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'text', nullable: true })
  responseBody: string | null;

  @Column({ type: 'varchar', length: 32 })
  dateCreated: string;

  @Column({ type: 'varchar', length: 32 })
  expiresAt: string;
}
