import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { TagColors } from '../dto/tag-colors.enum';

@Entity('tags')
@Index(['accountId', 'name'], { unique: true })
export class TagEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  // Goes with its account (1765600000000): a row created while the account is deleted cannot outlive it.
  @ForeignKey('accounts', { onDelete: 'CASCADE' })
  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  color: TagColors;
}
