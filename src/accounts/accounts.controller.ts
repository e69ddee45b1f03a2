import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListResponse, ListResponseOf } from '../common/dto/list.dto';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { Role } from '../common/auth/role.enum';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { AccountsService } from './accounts.service';
import { AccountInfo, ListAccountsQuery, NewAccount, UpdateAccount } from './dto/account.dto';
import { Idempotent } from '../idempotency/idempotent.decorator';

@ApiTags('Accounts')
@Controller('accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @Idempotent()
  @HttpCode(200)
  @Roles(Role.SystemAdministrator)
  @ApiOperation({ operationId: 'NewAccount', summary: 'Creates an account' })
  @ApiOkResponse({ type: AccountInfo })
  @ApiErrors(400)
  create(@CurrentUser() actor: Principal, @Body() dto: NewAccount): Promise<AccountInfo> {
    return this.accounts.create(actor, dto);
  }

  @Patch(':accountId')
  @Roles(Role.SystemAdministrator)
  @ApiOperation({
    operationId: 'PatchAccount',
    summary: 'Updates an account',
    description:
      'Changes the name, the phone-number quota, or the bring-your-own-account Twilio credentials. The auth ' +
      'token is write-only: stored encrypted, never returned. Changing twilioAccountSid requires a new token. ' +
      'Turning isBYOA on or off, or changing twilioAccountSid, while the account holds bought numbers is a 409 ' +
      'naming the field (release them first); a new token for the same account SID is fine.',
  })
  @ApiOkResponse({ type: AccountInfo })
  @ApiErrors(400, 404, 409)
  update(
    @CurrentUser() actor: Principal,
    @Param('accountId') accountId: string,
    @Body() dto: UpdateAccount,
  ): Promise<AccountInfo> {
    return this.accounts.update(actor, accountId, dto);
  }

  @Get()
  @Roles(Role.SystemAdministrator, Role.Manager, Role.Customer)
  @ApiOperation({
    operationId: 'ListAccounts',
    summary: 'Lists the accounts the caller may see',
    description: 'Sort fields: name (default), dateCreated, dateLastModified, id.',
  })
  @ApiOkResponse({ type: ListResponseOf(AccountInfo) })
  @ApiErrors(400)
  list(
    @CurrentUser() actor: Principal,
    @Query() query: ListAccountsQuery,
  ): Promise<ListResponse<AccountInfo>> {
    return this.accounts.list(actor, query);
  }

  @Get(':accountId')
  @Roles(Role.SystemAdministrator, Role.Manager, Role.Customer)
  @ApiOperation({ operationId: 'GetAccount', summary: 'Gets an account' })
  @ApiOkResponse({ type: AccountInfo })
  @ApiErrors(404)
  get(@CurrentUser() actor: Principal, @Param('accountId') accountId: string): Promise<AccountInfo> {
    return this.accounts.get(actor, accountId);
  }

  @Delete(':accountId')
  @HttpCode(204)
  @Roles(Role.SystemAdministrator)
  @ApiOperation({
    operationId: 'DeleteAccount',
    summary: 'Deletes an account with its customers, tags and flows',
    description:
      'Refused (409) while the account has child accounts or endpoints: delete its endpoints first, which ' +
      'releases bought numbers at the provider. Its webhooks, custom field definitions and user memberships ' +
      'go with it; a row being created in it meanwhile either goes with it or is refused (409).',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(404, 409)
  delete(@CurrentUser() actor: Principal, @Param('accountId') accountId: string): Promise<void> {
    return this.accounts.delete(actor, accountId);
  }
}
