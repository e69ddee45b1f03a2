import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A login session. Access tokens name it (`sid`), so ending the session ends its tokens; the refresh
 * token is stored as a SHA-256 digest only.
 */
@Entity('sessions')
export class SessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  refreshTokenHash: string;

  @Column({ type: 'varchar', length: 32 })
  dateCreated: string;

  @Column({ type: 'varchar', length: 32 })
  expiresAt: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  revokedAt: string | null;
}
