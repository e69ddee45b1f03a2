import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A named lease with an expiry: one holder at a time across instances, on SQLite and PostgreSQL alike. */
@Entity('leases')
export class LeaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 64 })
  holder: string;

  @Column({ type: 'varchar', length: 32 })
  expiresAt: string;
}
