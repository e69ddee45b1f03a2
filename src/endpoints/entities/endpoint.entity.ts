import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { AuditedEntity } from '../../database/audited.entity';
import type { Struct } from '../../contract/struct.dto';
import type { EndpointTypes, UserModes } from '../../contract/endpoint.enums';
import type { EndpointSettings } from '../endpoint-settings';

/** `provisioning`: claimed, provider purchase in flight; `active`: usable. */
export type EndpointStatus = 'provisioning' | 'active';

/**
 * Columns for what is looked up, filtered, sorted or enforced (tenancy, uniqueness, quota, flows);
 * every other EndpointInfo field lives in `settings`, so a new contract field needs no migration.
 */
@Entity('endpoints')
@Index(['accountId', 'type'])
// ListEndpoints' default order, with the phone number for phoneNumberFilter (checked on the index).
@Index(['accountId', 'displayName', 'id', 'phoneNumber'])
// Newest or most recently changed first, read in index order too.
@Index(['accountId', 'dateCreated', 'id'])
@Index(['accountId', 'dateLastModified', 'id'])
// phoneNumberFilter's and nameFilter's trigram indexes: PostgreSQL only, built by their migrations, left
// alone by schema sync.
@Index('IDX_endpoints_phone_number_trgm', { synchronize: false })
@Index('IDX_endpoints_display_name_trgm', { synchronize: false })
@Index(['dateCreated'])
export class EndpointEntity extends AuditedEntity {
  // The account, customer and flow cannot be deleted while endpoints refer to them (their delete routes
  // refuse with a 409, or move the endpoints away first): the database refuses what a race slips past.
  @ForeignKey('accounts', { onDelete: 'NO ACTION' })
  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  @ForeignKey('customers', { onDelete: 'NO ACTION' })
  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  customerId: string | null;

  @Column({ type: 'varchar', length: 24 })
  type: EndpointTypes;

  @Column({ type: 'varchar', length: 16 })
  status: EndpointStatus;

  @Index()
  @Column({ type: 'varchar', length: 255 })
  displayName: string;

  @Index()
  @Column({ type: 'varchar', length: 255, nullable: true })
  referenceId: string | null;

  /** E.164; at most one endpoint per number, across every tenant. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 20, nullable: true })
  phoneNumber: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  phoneNumberSid: string | null;

  @Column({ type: 'boolean' })
  isVirtualPhoneNumber: boolean;

  @Column({ type: 'varchar', length: 64, nullable: true })
  addressSid: string | null;

  @ForeignKey('flows', { onDelete: 'NO ACTION' })
  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  flowId: string | null;

  @Column({ type: 'simple-json', nullable: true })
  flowParams: Struct | null;

  @Column({ type: 'simple-json', nullable: true })
  data: Struct | null;

  /** ListEndpoints filters on these two, so they are columns rather than `settings` fields. */
  @Column({ type: 'varchar', length: 24, nullable: true })
  userMode: UserModes | null;

  @Index()
  @Column({ type: 'varchar', length: 255, nullable: true })
  sipUserName: string | null;

  @Column({ type: 'simple-json', nullable: true })
  settings: EndpointSettings | null;
}
