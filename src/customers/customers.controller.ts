import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ALL_ROLES } from '../common/auth/role.enum';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { OptionalIdList } from '../common/validation/decorators';
import { CustomersService } from './customers.service';
import { CustomerInfo, NewCustomer } from './dto/customer.dto';
import { Idempotent } from '../idempotency/idempotent.decorator';

export class ListCustomersQuery {
  @OptionalIdList('Only customers of these accounts')
  accountIds?: string[];
}

@ApiTags('Customers')
@Controller('customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Post()
  @Idempotent()
  @HttpCode(200)
  @Roles(...ALL_ROLES)
  @ApiOperation({
    operationId: 'NewCustomer',
    summary: 'Creates a customer, optionally nested under another',
  })
  @ApiOkResponse({ type: CustomerInfo })
  @ApiErrors(400)
  create(@CurrentUser() actor: Principal, @Body() dto: NewCustomer): Promise<CustomerInfo> {
    return this.customers.create(actor, dto);
  }

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ operationId: 'ListCustomers', summary: 'Lists the customers the caller may see' })
  @ApiOkResponse({ type: [CustomerInfo] })
  list(@CurrentUser() actor: Principal, @Query() query: ListCustomersQuery): Promise<CustomerInfo[]> {
    return this.customers.list(actor, query.accountIds);
  }

  @Get(':customerId')
  @Roles(...ALL_ROLES)
  @ApiOperation({ operationId: 'GetCustomer', summary: 'Gets a customer' })
  @ApiOkResponse({ type: CustomerInfo })
  @ApiErrors(404)
  get(@CurrentUser() actor: Principal, @Param('customerId') customerId: string): Promise<CustomerInfo> {
    return this.customers.get(actor, customerId);
  }
}
