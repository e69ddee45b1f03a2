import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ALL_ROLES, Role } from '../common/auth/role.enum';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { GetSystemSettingsQuery, PatchSystemSettings, SystemSettingsInfo } from './dto/system-settings.dto';
import { SystemSettingsService } from './system-settings.service';

/** Evo clients read and write an account's tag catalogue and custom fields through its system settings. */
@ApiTags('System')
@Controller('system/settings')
export class SystemSettingsController {
  constructor(private readonly settings: SystemSettingsService) {}

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({
    operationId: 'GetSystemSettings',
    summary: "Gets an account's settings (its tag catalogue and custom fields)",
  })
  @ApiOkResponse({ type: SystemSettingsInfo })
  @ApiErrors(400)
  get(@CurrentUser() actor: Principal, @Query() query: GetSystemSettingsQuery): Promise<SystemSettingsInfo> {
    return this.settings.get(actor, query.accountId);
  }

  @Patch()
  @Roles(Role.SystemAdministrator, Role.Manager)
  @ApiOperation({
    operationId: 'PatchSystemSettings',
    summary: "Replaces an account's tag catalogue and custom field lists",
    description:
      'Each list given (`tags`, `customerFields`, `endpointFields`, `systemFields`) replaces the account’s; ' +
      'one left out is unchanged. Listed tags with an id are updated, without one created; tags of the ' +
      'account left out are deleted and removed from every endpoint, customer and flow. Everything is ' +
      'checked first, and written in one transaction: all or nothing.',
  })
  @ApiOkResponse({ type: SystemSettingsInfo })
  @ApiErrors(400, 409)
  patch(@CurrentUser() actor: Principal, @Body() dto: PatchSystemSettings): Promise<SystemSettingsInfo> {
    return this.settings.patch(actor, dto);
  }
}
