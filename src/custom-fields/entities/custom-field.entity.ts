import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { AuditedEntity } from '../../database/audited.entity';
import type { CustomField } from '../dto/custom-field.dto';

/** Which of an account's lists a custom field belongs to. */
export type CustomFieldScope = 'Customer' | 'Endpoint' | 'System';

/** One custom field definition of an account; `field` is the whole object as the client sent it. */
@Entity('custom_fields')
@Index(['accountId', 'scope', 'nameKey'], { unique: true })
export class CustomFieldEntity extends AuditedEntity {
  // Goes with its account (1765600000000): a row created while the account is deleted cannot outlive it.
  @ForeignKey('accounts', { onDelete: 'CASCADE' })
  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 16 })
  scope: CustomFieldScope;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  /** The name lower-cased: names are unique case-insensitively. Longer than `name`: `İ` lower-cases to two characters. */
  @Column({ type: 'varchar', length: 512 })
  nameKey: string;

  /** Where the field stands in its list. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'simple-json' })
  field: CustomField;
}
