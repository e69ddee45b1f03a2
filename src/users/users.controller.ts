import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { Role } from '../common/auth/role.enum';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { NewUser } from './dto/new-user.dto';
import { UserInfo } from './dto/user-info.dto';
import { UsersService } from './users.service';
import { Idempotent } from '../idempotency/idempotent.decorator';

@ApiTags('Users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Idempotent()
  @HttpCode(200)
  @Roles(Role.SystemAdministrator, Role.Manager)
  @ApiOperation({
    operationId: 'NewUser',
    summary: 'Creates a login',
    description: 'Managers may create users only in their own accounts, and never a SystemAdministrator.',
  })
  @ApiOkResponse({ type: UserInfo })
  @ApiErrors(400, 409)
  create(@CurrentUser() actor: Principal, @Body() dto: NewUser): Promise<UserInfo> {
    return this.users.create(actor, dto);
  }
}
