import { Entity, Index, PrimaryColumn } from 'typeorm';

/** Which accounts a (non-administrator) user belongs to. */
@Entity('user_accounts')
export class UserAccountEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  userId: string;

  @Index()
  @PrimaryColumn({ type: 'varchar', length: 36 })
  accountId: string;
}
