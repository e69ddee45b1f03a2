import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ALL_ROLES } from '../common/auth/role.enum';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { BuyPhoneNumber } from './dto/buy-phone-number.dto';
import { EndpointInfo } from './dto/endpoint-info.dto';
import { EndpointsService } from './endpoints.service';
import { RateLimit } from '../throttling/rate-limit.decorator';

@ApiTags('Endpoints')
@Controller('endpoints')
export class EndpointsController {
  constructor(private readonly endpoints: EndpointsService) {}

  @Post('phone-numbers')
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
  @ApiErrors(400, 404, 409, 429, 503)
  buyPhoneNumber(@CurrentUser() actor: Principal, @Body() dto: BuyPhoneNumber): Promise<EndpointInfo> {
    return this.endpoints.buyPhoneNumber(actor, dto);
  }
}
