import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ALL_ROLES } from '../common/auth/role.enum';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { FlowsService } from '../flows/flows.service';
import type { ScheduleSubject } from '../schedules/customer-schedules';
import {
  EndpointScheduleTestResult,
  InheritedSchedule,
  TestSchedule,
} from '../schedules/dto/schedule-test.dto';
import { resolveEndpointFlow } from '../schedules/engine';
import { ScheduleResolver, testResult } from '../schedules/schedule-resolver';
import type { EndpointInfo } from './dto/endpoint-info.dto';
import { EndpointsService } from './endpoints.service';

/** An endpoint's schedule is its own, its customer chain's, or the account default. */
const subjectOf = (endpoint: EndpointInfo, schedule = endpoint.schedule): ScheduleSubject => ({
  schedule,
  customerIds: endpoint.customerBreadcrumb.map((c) => c.id),
});

@ApiTags('Endpoints')
@Controller('endpoints/:endpointId')
export class EndpointScheduleController {
  constructor(
    private readonly endpoints: EndpointsService,
    private readonly flows: FlowsService,
    private readonly schedules: ScheduleResolver,
  ) {}

  @Get('inherited-schedule')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    operationId: 'GetEndpointInheritedSchedule',
    summary: 'Gets the schedule that governs an endpoint, and where it comes from',
    description:
      'The endpoint’s own schedule unless it has none or inherits; then its customer’s effective schedule (the ' +
      'customer’s own, or its nearest ancestor’s that is set and does not inherit); else the account default ' +
      '(always Open, in UTC).',
  })
  @ApiOkResponse({ type: InheritedSchedule })
  @ApiErrors(404)
  async inherited(
    @CurrentUser() actor: Principal,
    @Param('endpointId') endpointId: string,
  ): Promise<InheritedSchedule> {
    const endpoint = await this.endpoints.get(actor, endpointId);
    return this.schedules.inherited(endpoint.accountId, subjectOf(endpoint));
  }

  @Post('test-schedule')
  @HttpCode(200)
  @Roles(...ALL_ROLES)
  @ApiOperation({
    operationId: 'TestEndpointSchedule',
    summary: 'Evaluates an endpoint’s schedule at an instant, and the flow that would answer',
    description:
      'The state the endpoint is in at `dateTime` (default now, or the account’s test clock while it is on), by ' +
      'its effective schedule or the unsaved `schedule` given, the rule that decided it, and the flow a call ' +
      'would run by `flowSchedule`: Always its flowId; Scheduled the scheduledFlows entry of that state, else ' +
      'flowId; Simple the matching rule’s flow, else flowId. Changes nothing.',
  })
  @ApiOkResponse({ type: EndpointScheduleTestResult })
  @ApiErrors(400, 404)
  async test(
    @CurrentUser() actor: Principal,
    @Param('endpointId') endpointId: string,
    @Body() dto: TestSchedule,
  ): Promise<EndpointScheduleTestResult> {
    const endpoint = await this.endpoints.get(actor, endpointId);
    const outcome = await this.schedules.evaluate(
      endpoint.accountId,
      subjectOf(endpoint, dto.schedule ?? endpoint.schedule),
      dto.dateTime,
    );
    const { flowId, flowParams } = resolveEndpointFlow(endpoint, outcome.evaluation);
    return {
      ...testResult(outcome),
      flowId,
      flowName: await this.flowName(actor, endpoint, flowId),
      // As EndpointInfo answers them: a flow without params has an empty Struct.
      flowParams: flowId === null ? null : (flowParams ?? {}),
    };
  }

  private async flowName(
    actor: Principal,
    endpoint: EndpointInfo,
    flowId: string | null,
  ): Promise<string | null> {
    if (flowId === null) return null;
    if (flowId === endpoint.flowId) return endpoint.flowName;
    const [flow] = await this.flows.findVisibleInAccount(actor, endpoint.accountId, [flowId]);
    return flow?.name ?? null;
  }
}
