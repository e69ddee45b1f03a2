import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/principal';
import { ALL_ROLES, Role } from '../../common/auth/role.enum';
import { ListResponse, ListResponseOf } from '../../common/dto/list.dto';
import { ApiErrors } from '../../common/errors/api-errors.decorator';
import { type RequestTrace, Trace } from '../../common/request-context/request-trace';
import { Idempotent } from '../../idempotency/idempotent.decorator';
import { Metrics } from '../../metrics/metrics';
import { RateLimit } from '../../throttling/rate-limit.decorator';
import { EndpointInfo } from '../dto/endpoint-info.dto';
import { BuyPhoneNumber } from './dto/buy-phone-number.dto';
import {
  PhoneNumberInfo,
  SearchPhoneNumbers,
  SetPhoneNumberIsFax,
  VerifyCallerId,
} from './dto/phone-numbers.dto';
import { PhoneNumberBuyService } from './phone-number-buy.service';
import { PhoneNumbersService } from './phone-numbers.service';
import {
  ListProvisioningEventsQuery,
  ProvisioningEventInfo,
} from './provisioning/dto/provisioning-event.dto';
import { SyncPhoneNumbers, SyncPhoneNumbersResponse } from './provisioning/dto/sync-phone-numbers.dto';
import { ProvisioningEventsService } from './provisioning/provisioning-events.service';

/**
 * Every phone-number route. The contract files them under two tags (Endpoints, and Phone numbers for
 * the operators' routes), so each route states its own and the paths are written out in full.
 */
@Controller()
export class PhoneNumbersController {
  constructor(
    private readonly buy: PhoneNumberBuyService,
    private readonly phoneNumbers: PhoneNumbersService,
    private readonly provisioningEvents: ProvisioningEventsService,
    private readonly metrics: Metrics,
  ) {}

  @Post('endpoints/phone-numbers')
  @ApiTags('Endpoints')
  // Its name from before it moved here: Idempotency-Keys stored then still replay.
  @Idempotent({ operation: 'EndpointsController.buyPhoneNumber' })
  @Roles(...ALL_ROLES)
  @RateLimit('buy')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'BuyPhoneNumber',
    summary: 'Buys the specified phone number',
    description:
      'Buys the number at the telephony provider (or, with isVirtualPhoneNumber, only records it) and registers it ' +
      'as an endpoint of the account. A number that is already an endpoint is a 409 and nothing is bought; ' +
      'if the provider refuses, nothing is stored.',
  })
  @ApiOkResponse({ type: EndpointInfo })
  @ApiErrors(400, 404, 409, 429, 503, 504)
  buyPhoneNumber(
    @CurrentUser() actor: Principal,
    @Body() dto: BuyPhoneNumber,
    @Trace() trace: RequestTrace,
  ): Promise<EndpointInfo> {
    return this.metrics.countBuy(this.buy.buy(actor, dto, trace), dto.isVirtualPhoneNumber);
  }

  @Get('endpoints/phone-numbers/search')
  @ApiTags('Endpoints')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    operationId: 'SearchPhoneNumbers',
    summary: 'Searches for phone numbers available to buy',
    description:
      "Asks the account's telephony provider for numbers to buy. A filter the provider cannot honour (an area " +
      'code, region or postal code outside the US and Canada, say) is a 400, never silently ignored.',
  })
  @ApiOkResponse({ type: [PhoneNumberInfo] })
  @ApiErrors(400, 404, 503)
  search(@CurrentUser() actor: Principal, @Query() query: SearchPhoneNumbers): Promise<PhoneNumberInfo[]> {
    return this.phoneNumbers.search(actor, query);
  }

  @Post('endpoints/verify-caller-id')
  @ApiTags('Endpoints')
  @Roles(...ALL_ROLES)
  @HttpCode(200)
  @ApiOperation({
    operationId: 'VerifyCallerId',
    summary: 'Starts verifying a virtual number as a caller ID',
    description:
      'The provider calls the number; the callee enters the code now stored as callerIdVerificationCode. When ' +
      'the provider reports success, isCallerIdVerified becomes true. Only virtual numbers (a bought one is ' +
      'already a valid caller ID).',
  })
  @ApiOkResponse({ type: EndpointInfo })
  @ApiErrors(400, 503)
  verifyCallerId(@CurrentUser() actor: Principal, @Body() dto: VerifyCallerId): Promise<EndpointInfo> {
    return this.phoneNumbers.verifyCallerId(actor, dto);
  }

  @Patch('phone-numbers/:endpointId/fax')
  @ApiTags('Endpoints')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    operationId: 'SetPhoneNumberIsFax',
    summary: 'Makes a number a fax number, or a phone number again',
  })
  @ApiOkResponse({ type: EndpointInfo })
  @ApiErrors(400, 404)
  setIsFax(
    @CurrentUser() actor: Principal,
    @Param('endpointId') endpointId: string,
    @Body() dto: SetPhoneNumberIsFax,
  ): Promise<EndpointInfo> {
    return this.phoneNumbers.setIsFax(actor, endpointId, dto);
  }

  @Post('phone-numbers/sync')
  @ApiTags('Phone numbers')
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
  sync(
    @CurrentUser() actor: Principal,
    @Body() dto: SyncPhoneNumbers,
    @Trace() trace: RequestTrace,
  ): Promise<SyncPhoneNumbersResponse> {
    return this.phoneNumbers.sync(actor, dto, trace);
  }

  @Get('phone-numbers/provisioning-events')
  @ApiTags('Phone numbers')
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
  listProvisioningEvents(
    @CurrentUser() actor: Principal,
    @Query() query: ListProvisioningEventsQuery,
  ): Promise<ListResponse<ProvisioningEventInfo>> {
    return this.provisioningEvents.list(actor, query);
  }
}
