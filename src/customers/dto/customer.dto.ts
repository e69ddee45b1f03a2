import { ApiProperty } from '@nestjs/swagger';
import { CustomerBreadcrumb, EntityInfo } from '../../contract/entity-info.dto';
import { ListRequest, QueryBool, SortFieldOf, type SortFields } from '../../common/dto/list.dto';
import { OptionalSchedule, Schedule } from '../../contract/schedule.dto';
import { structSchema, type Struct } from '../../contract/struct.dto';
import {
  OptionalId,
  OptionalIdList,
  OptionalString,
  OptionalStruct,
  PatchString,
  RequiredString,
} from '../../common/validation/decorators';
import { Tag } from '../../tags/dto/tag.dto';

/** Evo's `NewCustomer`. */
export class NewCustomer {
  @OptionalId("The account of the customer (defaults to the caller's only account)")
  accountId?: string;

  @RequiredString('The name of the customer', 255, 'Contoso Dental')
  name: string;

  @OptionalId('The parent customer, for nested customers')
  parentCustomerId?: string;

  @OptionalString('Third-party reference id')
  referenceId?: string;

  @OptionalStruct('Data values for this customer')
  data?: Struct;
}

/** Evo's `PatchCustomer`: only the fields given change; null clears a nullable field. */
export class PatchCustomer {
  @PatchString('The name of the customer')
  name?: string;

  @OptionalString('Third-party reference id (null clears it)')
  referenceId?: string | null;

  @OptionalStruct('Data values for this customer (replaces the whole struct)')
  data?: Struct;

  @OptionalId(
    'Move the customer under this parent (null: make it a root customer). The subtree moves with it; ' +
      'moving a customer under itself or one of its descendants is refused.',
  )
  parentCustomerId?: string | null;

  @OptionalIdList('The tags of the customer (replaces the list)')
  tagIds?: string[];

  @OptionalSchedule("The customer's schedule (null clears it)")
  schedule?: Schedule | null;
}

/** The fields ListCustomers sorts by, and their columns. */
export const CUSTOMER_SORT_FIELDS = {
  name: 'c.name',
  referenceId: 'c.referenceId',
  dateCreated: 'c.dateCreated',
  dateLastModified: 'c.dateLastModified',
  id: 'c.id',
} as const satisfies SortFields;

/**
 * Evo's `ListCustomers`. Sorts by `name` (default), `referenceId`, `dateCreated`, `dateLastModified`, `id`;
 * every one but the nullable `referenceId` takes a cursor.
 */
@SortFieldOf(CUSTOMER_SORT_FIELDS, 'name')
export class ListCustomersQuery extends ListRequest {
  @OptionalIdList('Only customers of these accounts')
  accountIds?: string[];

  @OptionalString('Only customers whose name contains this text (case-insensitive)')
  nameFilter?: string;

  @OptionalIdList('Only customers under these parents (their whole subtrees unless shallowParent)')
  parentCustomerIds?: string[];

  @QueryBool('With parentCustomerIds: only the direct children, not the whole subtrees')
  shallowParent?: boolean;

  @OptionalIdList('Only customers carrying all of these tags')
  tagIds?: string[];
}

export class DeleteCustomerQuery {
  @QueryBool(
    'Also delete the child customers, and move the endpoints of the deleted customers to the account ' +
      '(their numbers are kept, not released)',
  )
  cascade?: boolean;
}

/** Evo's `CustomerInfo`. */
export class CustomerInfo extends EntityInfo {
  @ApiProperty({ description: 'The account of the customer' })
  accountId: string;

  @ApiProperty({ description: 'The name of the account', nullable: true, type: String })
  accountName: string | null;

  @ApiProperty({ description: 'The name of the customer' })
  name: string;

  @ApiProperty({ description: 'The parent customer', nullable: true, type: String })
  parentCustomerId: string | null;

  @ApiProperty({ description: 'Third-party reference id', nullable: true, type: String })
  referenceId: string | null;

  @ApiProperty({ description: 'The path from the root customer to this one', type: [CustomerBreadcrumb] })
  breadcrumb: CustomerBreadcrumb[];

  @ApiProperty(structSchema('Data values for this customer'))
  data: Struct;

  @ApiProperty({ description: 'The tags of the customer', type: [Tag] })
  tags: Tag[];

  @ApiProperty({ description: "The customer's schedule", type: Schedule, nullable: true })
  schedule: Schedule | null;
}
