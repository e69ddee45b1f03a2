import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ALL_ROLES, Role } from '../common/auth/role.enum';
import { ListResponse, ListResponseOf } from '../common/dto/list.dto';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { AvailableNode } from './dto/flow-graph.dto';
import {
  AvailableNodesQuery,
  CopyFlow,
  DeleteFlowQuery,
  FlowField,
  FlowFieldsQuery,
  FlowInfo,
  ListFlowsQuery,
  NewFlow,
  PatchFlow,
} from './dto/flow.dto';
import { FlowsService } from './flows.service';
import { Idempotent } from '../idempotency/idempotent.decorator';

@ApiTags('Flows')
@Controller('flows')
export class FlowsController {
  constructor(private readonly flows: FlowsService) {}

  @Post()
  @Idempotent()
  @HttpCode(200)
  @Roles(Role.SystemAdministrator, Role.Manager)
  @ApiOperation({ operationId: 'NewFlow', summary: 'Creates a flow (its graph is validated)' })
  @ApiOkResponse({ type: FlowInfo })
  @ApiErrors(400, 409)
  create(@CurrentUser() actor: Principal, @Body() dto: NewFlow): Promise<FlowInfo> {
    return this.flows.create(actor, dto);
  }

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({
    operationId: 'ListFlows',
    summary: 'Lists the flows of the accounts the caller may see',
    description: 'Sort fields: name (default), dateCreated, dateLastModified, id.',
  })
  @ApiOkResponse({ type: ListResponseOf(FlowInfo) })
  @ApiErrors(400)
  list(@CurrentUser() actor: Principal, @Query() query: ListFlowsQuery): Promise<ListResponse<FlowInfo>> {
    return this.flows.list(actor, query);
  }

  @Get('available-nodes')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    operationId: 'GetAvailableNodes',
    summary: 'Lists the node types a flow can use: the built-in ones and the account’s flows as sub-flows',
    description:
      'A sub-flow node (typeName FlowNode) runs its flow through `/flows/start?flowId=<id>`; its inputs are the ' +
      'flow’s public parameters and its transitions the flow’s exits.',
  })
  @ApiOkResponse({ type: [AvailableNode] })
  @ApiErrors(400, 404)
  availableNodes(
    @CurrentUser() actor: Principal,
    @Query() query: AvailableNodesQuery,
  ): Promise<AvailableNode[]> {
    return this.flows.availableNodes(actor, query);
  }

  @Get('parameters')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    operationId: 'GetFlowParameters',
    summary: 'Lists the fields a node parameter can read: built-in ones and the account’s custom fields',
  })
  @ApiOkResponse({ type: [FlowField] })
  @ApiErrors(400)
  fields(@CurrentUser() actor: Principal, @Query() query: FlowFieldsQuery): Promise<FlowField[]> {
    return this.flows.fields(actor, query);
  }

  @Get(':flowId')
  @Roles(...ALL_ROLES)
  @ApiOperation({ operationId: 'GetFlow', summary: 'Gets a flow with its nodes' })
  @ApiOkResponse({ type: FlowInfo })
  @ApiErrors(404)
  get(@CurrentUser() actor: Principal, @Param('flowId') flowId: string): Promise<FlowInfo> {
    return this.flows.get(actor, flowId);
  }

  @Patch(':flowId')
  @Roles(Role.SystemAdministrator, Role.Manager)
  @ApiOperation({ operationId: 'PatchFlow', summary: 'Changes a flow (its graph is validated)' })
  @ApiOkResponse({ type: FlowInfo })
  @ApiErrors(400, 404, 409)
  patch(
    @CurrentUser() actor: Principal,
    @Param('flowId') flowId: string,
    @Body() dto: PatchFlow,
  ): Promise<FlowInfo> {
    return this.flows.patch(actor, flowId, dto);
  }

  @Post(':flowId/copy')
  @Idempotent()
  @HttpCode(200)
  @Roles(Role.SystemAdministrator, Role.Manager)
  @ApiOperation({
    operationId: 'CopyFlow',
    summary: 'Copies a flow (graph, roles and tags) within its account',
  })
  @ApiOkResponse({ type: FlowInfo })
  @ApiErrors(400, 404, 409)
  copy(
    @CurrentUser() actor: Principal,
    @Param('flowId') flowId: string,
    @Body() dto: CopyFlow,
  ): Promise<FlowInfo> {
    return this.flows.copy(actor, flowId, dto);
  }

  @Delete(':flowId')
  @HttpCode(204)
  @Roles(Role.SystemAdministrator, Role.Manager)
  @ApiOperation({
    operationId: 'DeleteFlow',
    summary: 'Deletes a flow',
    description:
      'Refused (409, naming how many) while endpoints use it, unless detach=true: then they are detached. ' +
      'Refused (409, naming them) while other flows of the account run it, detach or not.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(404, 409)
  delete(
    @CurrentUser() actor: Principal,
    @Param('flowId') flowId: string,
    @Query() query: DeleteFlowQuery,
  ): Promise<void> {
    return this.flows.delete(actor, flowId, query.detach ?? false);
  }
}
