import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ALL_ROLES } from '../common/auth/role.enum';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { EndpointInfo } from './dto/endpoint-info.dto';
import {
  PhoneNumberInfo,
  SearchPhoneNumbers,
  SetPhoneNumberIsFax,
  VerifyCallerId,
} from './dto/phone-numbers.dto';
import { PhoneNumbersService } from './phone-numbers.service';

@ApiTags('Endpoints')
@Controller()
export class PhoneNumbersController {
  constructor(private readonly phoneNumbers: PhoneNumbersService) {}

  @Get('endpoints/phone-numbers/search')
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
}
