import { Column, Entity, Index } from 'typeorm';
import { AuditedEntity } from '../../database/audited.entity';
import type { Role } from '../../common/auth/role.enum';

@Entity('users')
export class UserEntity extends AuditedEntity {
  /** Stored lower-cased; logins compare case-insensitively. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 320 })
  emailAddress: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  firstName: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  lastName: string | null;

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'simple-json' })
  roles: Role[];

  /** For Customer-role users: the customer whose subtree they may see. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  customerId: string | null;
}
