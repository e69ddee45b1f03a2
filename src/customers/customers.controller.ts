import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ALL_ROLES, Role } from '../common/auth/role.enum';
import { ListResponse, ListResponseOf } from '../common/dto/list.dto';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { CustomersService } from './customers.service';
import {
  CustomerInfo,
  DeleteCustomerQuery,
  ListCustomersQuery,
  NewCustomer,
  PatchCustomer,
} from './dto/customer.dto';
import { Idempotent } from '../idempotency/idempotent.decorator';

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
  @ApiErrors(400, 409)
  create(@CurrentUser() actor: Principal, @Body() dto: NewCustomer): Promise<CustomerInfo> {
    return this.customers.create(actor, dto);
  }

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({
    operationId: 'ListCustomers',
    summary: 'Lists the customers the caller may see',
    description: 'Sort fields: name (default), referenceId, dateCreated, dateLastModified, id.',
  })
  @ApiOkResponse({ type: ListResponseOf(CustomerInfo) })
  @ApiErrors(400)
  list(
    @CurrentUser() actor: Principal,
    @Query() query: ListCustomersQuery,
  ): Promise<ListResponse<CustomerInfo>> {
    return this.customers.list(actor, query);
  }

  @Get(':customerId')
  @Roles(...ALL_ROLES)
  @ApiOperation({ operationId: 'GetCustomer', summary: 'Gets a customer' })
  @ApiOkResponse({ type: CustomerInfo })
  @ApiErrors(404)
  get(@CurrentUser() actor: Principal, @Param('customerId') customerId: string): Promise<CustomerInfo> {
    return this.customers.get(actor, customerId);
  }

  @Patch(':customerId')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    operationId: 'PatchCustomer',
    summary: 'Changes a customer: name, reference id, data, parent (moving its subtree), tags, schedule',
  })
  @ApiOkResponse({ type: CustomerInfo })
  @ApiErrors(400, 404, 409)
  patch(
    @CurrentUser() actor: Principal,
    @Param('customerId') customerId: string,
    @Body() dto: PatchCustomer,
  ): Promise<CustomerInfo> {
    return this.customers.patch(actor, customerId, dto);
  }

  @Delete(':customerId')
  @HttpCode(204)
  @Roles(Role.SystemAdministrator, Role.Manager)
  @ApiOperation({
    operationId: 'DeleteCustomer',
    summary: 'Deletes a customer',
    description:
      'Refused (409) while the customer has child customers or endpoints, unless cascade=true: then its whole ' +
      'subtree is deleted and the endpoints of the deleted customers move to the account (no number is released).',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(404, 409)
  delete(
    @CurrentUser() actor: Principal,
    @Param('customerId') customerId: string,
    @Query() query: DeleteCustomerQuery,
  ): Promise<void> {
    return this.customers.delete(actor, customerId, query.cascade ?? false);
  }
}
