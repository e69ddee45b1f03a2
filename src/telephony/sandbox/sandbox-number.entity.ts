import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A number the sandbox provider has sold (its inventory), kept in the database so that a restart, or
 * another instance, knows it: the sandbox is one provider account, shared like the global Twilio account.
 */
@Entity('sandbox_numbers')
@Index(['sid'], { unique: true })
export class SandboxNumberEntity {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  phoneNumber: string;

  @Column({ type: 'varchar', length: 64 })
  sid: string;

  @Column({ type: 'text', nullable: true })
  friendlyName: string | null;

  @Column({ type: 'text', nullable: true })
  voiceUrl: string | null;

  @Column({ type: 'text', nullable: true })
  smsUrl: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  addressSid: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  emergencyAddressSid: string | null;

  @Column({ type: 'varchar', length: 32 })
  dateCreated: string;
}
