import { Column, Entity } from 'typeorm';
import { AuditedEntity } from '../../database/audited.entity';

/** Evo's `overrideSystem*` settings, as PatchSystemSettings last set them. */
export interface AccountTestClock {
  overrideSystemTime: boolean;
  overrideSystemTimeZoneId: string | null;
  overrideSystemDateTime: string | null;
}

@Entity('accounts')
export class AccountEntity extends AuditedEntity {
  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  parentAccountId: string | null;

  /** Ids of every ancestor account, root first. */
  @Column({ type: 'simple-json' })
  ancestorIds: string[];

  /** Bought (non-virtual) numbers this account may hold; null means no limit. */
  @Column({ type: 'integer', nullable: true })
  maxPhoneNumbers: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  twilioAccountSid: string | null;

  /** Bring-your-own-account Twilio auth token, encrypted at rest; never returned. */
  @Column({ type: 'text', nullable: true })
  twilioAuthTokenEncrypted: string | null;

  @Column({ type: 'boolean' })
  isBYOA: boolean;

  /** The system settings' test clock: while it is on, schedules are evaluated at its instant, not now. */
  @Column({ type: 'simple-json', nullable: true })
  testClock: AccountTestClock | null;
}
