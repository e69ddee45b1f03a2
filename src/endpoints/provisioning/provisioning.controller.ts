import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountsService } from '../../accounts/accounts.service';
import { CurrentUser, Roles } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { ApiErrors } from '../../common/errors/api-errors.decorator';
import { ListResponse, ListResponseOf } from '../../common/dto/list.dto';
import { type RequestTrace, Trace } from '../../common/request-context/request-trace';
import { ListProvisioningEventsQuery, ProvisioningEventInfo } from './dto/provisioning-event.dto';
import { SyncPhoneNumbers, SyncPhoneNumbersResponse } from './dto/sync-phone-numbers.dto';
import { PhoneNumberReconciler } from './phone-number-reconciler';
import { requestActor } from './provisioning-events';
import { ProvisioningEventsService } from './provisioning-events.service';

@ApiTags('Phone numbers')
@Controller('phone-numbers')
export class ProvisioningController {
  constructor(
    private readonly reconciler: PhoneNumberReconciler,
    private readonly accounts: AccountsService,
    private readonly events: ProvisioningEventsService,
  ) {}

  @Post('sync')
  @HttpCode(200)
  @Roles(Role.SystemAdministrator)
  @ApiOperation({
    operationId: 'SyncPhoneNumbers',
    summary: "Reconciles an account's numbers with the telephony provider",
    description:
      'Settles purchases left unfinished (claims still provisioning after the grace period: adopted when the ' +
      'provider owns the number, removed otherwise), retries releasing orphaned numbers, and reports drift: ' +
      'numbers bought outside the service, numbers missing at the provider, webhook URLs that differ. ' +
      '409 while another reconciliation runs.',
  })
  @ApiOkResponse({ type: SyncPhoneNumbersResponse })
  @ApiErrors(400, 409)
  async sync(
    @CurrentUser() actor: Principal,
    @Body() dto: SyncPhoneNumbers,
    @Trace() trace: RequestTrace,
  ): Promise<SyncPhoneNumbersResponse> {
    return this.reconciler.reconcile(
      await this.accounts.resolveForCaller(actor, dto.accountId),
      requestActor(actor.emailAddress, trace),
    );
  }

  @Get('provisioning-events')
  @Roles(Role.SystemAdministrator, Role.Manager)
  @ApiOperation({
    operationId: 'ListProvisioningEvents',
    summary: 'The provisioning audit trail of the accounts the caller may see',
    description:
      'Every step of buying numbers (claimed, purchased, activated, purchaseFailed, outcomeUnknown, compensated, ' +
      'orphaned, released, adopted) with actor, request id and idempotency key. Newest first by default ' +
      '(sortField occurredAt or id), paged like every list (countPerPage, page or cursor, simplifiedPaging).',
  })
  @ApiOkResponse({ type: ListResponseOf(ProvisioningEventInfo) })
  @ApiErrors(400)
  listEvents(
    @CurrentUser() actor: Principal,
    @Query() query: ListProvisioningEventsQuery,
  ): Promise<ListResponse<ProvisioningEventInfo>> {
    return this.events.list(actor, query);
  }
}
