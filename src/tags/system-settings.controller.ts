import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ALL_ROLES, Role } from '../common/auth/role.enum';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { GetSystemSettingsQuery, PatchSystemSettings, SystemSettingsInfo } from './dto/new-tag.dto';
import { TagsService } from './tags.service';

/** Evo clients read and write an account's tag catalogue through its system settings. */
@ApiTags('System')
@Controller('system/settings')
export class SystemSettingsController {
  constructor(private readonly tags: TagsService) {}

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({
    operationId: 'GetSystemSettings',
    summary: "Gets an account's settings (its tag catalogue)",
  })
  @ApiOkResponse({ type: SystemSettingsInfo })
  @ApiErrors(400)
  get(@CurrentUser() actor: Principal, @Query() query: GetSystemSettingsQuery): Promise<SystemSettingsInfo> {
    return this.tags.getSystemSettings(actor, query.accountId);
  }

  @Patch()
  @Roles(Role.SystemAdministrator, Role.Manager)
  @ApiOperation({
    operationId: 'PatchSystemSettings',
    summary: "Replaces an account's tag catalogue",
    description:
      'Listed tags with an id are updated, without one created; tags of the account left out are deleted and ' +
      'removed from every endpoint, customer and flow. All or nothing.',
  })
  @ApiOkResponse({ type: SystemSettingsInfo })
  @ApiErrors(400, 409)
  patch(@CurrentUser() actor: Principal, @Body() dto: PatchSystemSettings): Promise<SystemSettingsInfo> {
    return this.tags.patchSystemSettings(actor, dto);
  }
}
