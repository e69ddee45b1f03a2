import { ApiProperty } from '@nestjs/swagger';
import { CustomerBreadcrumb, EntityInfo } from '../../common/dto/entity-info.dto';
import { structSchema, type Struct } from '../../common/dto/struct.dto';
import {
  OptionalId,
  OptionalString,
  OptionalStruct,
  RequiredString,
} from '../../common/validation/decorators';

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
}
