import { Body, Controller, Header, Headers, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/auth.decorators';
import type { TwilioParams } from './twilio-webhooks.service';
import { TwilioWebhooksService } from './twilio-webhooks.service';

/** Twilio's callbacks: authenticated by their X-Twilio-Signature, not by a user's credentials. */
@ApiExcludeController()
@Public()
@Controller('webhooks/twilio')
export class TwilioWebhooksController {
  constructor(private readonly webhooks: TwilioWebhooksService) {}

  @Post('voice')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  voice(
    @Req() req: FastifyRequest,
    @Headers('x-twilio-signature') signature: string,
    @Body() params: TwilioParams,
  ) {
    return this.webhooks.incoming(req.url, signature, params ?? {});
  }

  @Post('sms')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  sms(
    @Req() req: FastifyRequest,
    @Headers('x-twilio-signature') signature: string,
    @Body() params: TwilioParams,
  ) {
    return this.webhooks.incoming(req.url, signature, params ?? {});
  }

  @Post('caller-id')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  callerIdStatus(
    @Req() req: FastifyRequest,
    @Headers('x-twilio-signature') signature: string,
    @Body() params: TwilioParams,
    @Query('endpointId') endpointId: string,
  ) {
    return this.webhooks.callerIdStatus(req.url, signature, params ?? {}, endpointId);
  }
}
