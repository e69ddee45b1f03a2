import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** Which accounts a (non-administrator) user belongs to. */
@Entity('user_accounts')
export class UserAccountEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  userId: string;

  // Goes with its account (1765600000000): a row created while the account is deleted cannot outlive it.
  @ForeignKey('accounts', { onDelete: 'CASCADE' })
  @Index()
  @PrimaryColumn({ type: 'varchar', length: 36 })
  accountId: string;
}
