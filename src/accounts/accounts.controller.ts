import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { Role } from '../common/auth/role.enum';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { AccountsService } from './accounts.service';
import { AccountInfo, NewAccount, UpdateAccount } from './dto/account.dto';
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
      'token is write-only: stored encrypted, never returned. Changing twilioAccountSid requires a new token.',
  })
  @ApiOkResponse({ type: AccountInfo })
  @ApiErrors(400, 404)
  update(
    @CurrentUser() actor: Principal,
    @Param('accountId') accountId: string,
    @Body() dto: UpdateAccount,
  ): Promise<AccountInfo> {
    return this.accounts.update(actor, accountId, dto);
  }

  @Get()
  @Roles(Role.SystemAdministrator, Role.Manager, Role.Customer)
  @ApiOperation({ operationId: 'ListAccounts', summary: 'Lists the accounts the caller may see' })
  @ApiOkResponse({ type: [AccountInfo] })
  list(@CurrentUser() actor: Principal): Promise<AccountInfo[]> {
    return this.accounts.list(actor);
  }

  @Get(':accountId')
  @Roles(Role.SystemAdministrator, Role.Manager, Role.Customer)
  @ApiOperation({ operationId: 'GetAccount', summary: 'Gets an account' })
  @ApiOkResponse({ type: AccountInfo })
  @ApiErrors(404)
  get(@CurrentUser() actor: Principal, @Param('accountId') accountId: string): Promise<AccountInfo> {
    return this.accounts.get(actor, accountId);
  }
}
