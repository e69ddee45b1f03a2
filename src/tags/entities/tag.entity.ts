import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { TagColors } from '../dto/tag-colors.enum';

@Entity('tags')
@Index(['accountId', 'name'], { unique: true })
export class TagEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  color: TagColors;
}
