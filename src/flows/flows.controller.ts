import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ALL_ROLES, Role } from '../common/auth/role.enum';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { OptionalIdList } from '../common/validation/decorators';
import { FlowInfo, NewFlow } from './dto/flow.dto';
import { FlowsService } from './flows.service';
import { Idempotent } from '../idempotency/idempotent.decorator';

export class ListFlowsQuery {
  @OptionalIdList('Only flows of these accounts')
  accountIds?: string[];
}

@ApiTags('Flows')
@Controller('flows')
export class FlowsController {
  constructor(private readonly flows: FlowsService) {}

  @Post()
  @Idempotent()
  @HttpCode(200)
  @Roles(Role.SystemAdministrator, Role.Manager)
  @ApiOperation({ operationId: 'NewFlow', summary: 'Creates a flow' })
  @ApiOkResponse({ type: FlowInfo })
  @ApiErrors(400)
  create(@CurrentUser() actor: Principal, @Body() dto: NewFlow): Promise<FlowInfo> {
    return this.flows.create(actor, dto);
  }

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ operationId: 'ListFlows', summary: 'Lists the flows of the accounts the caller may see' })
  @ApiOkResponse({ type: [FlowInfo] })
  list(@CurrentUser() actor: Principal, @Query() query: ListFlowsQuery): Promise<FlowInfo[]> {
    return this.flows.list(actor, query.accountIds);
  }
}
