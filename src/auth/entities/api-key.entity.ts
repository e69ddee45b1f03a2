import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An API key is shown once at creation; only its SHA-256 digest is stored. */
@Entity('api_keys')
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  /** The first characters of the key, to let people tell their keys apart. */
  @Column({ type: 'varchar', length: 16 })
  keyPrefix: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  keyHash: string;

  @Column({ type: 'varchar', length: 32 })
  dateCreated: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  expiresAt: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  revokedAt: string | null;
}
