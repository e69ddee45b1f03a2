import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { Role } from '../common/auth/role.enum';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { NewWebhook, NewWebhookResponse, WebhookDeliveryInfo, WebhookInfo } from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('Webhooks')
@Controller('webhooks')
@Roles(Role.SystemAdministrator, Role.Manager)
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'NewWebhook',
    summary: "Registers a URL to receive the account's events",
    description:
      'Events (endpoint.created, endpoint.updated, endpoint.deleted) are POSTed as JSON with the Standard ' +
      'Webhooks headers `webhook-id`, `webhook-timestamp` and `webhook-signature`, retried with exponential ' +
      'backoff until a 2xx answer. The signing secret is in this response only.',
  })
  @ApiOkResponse({ type: NewWebhookResponse })
  @ApiErrors(400)
  create(@CurrentUser() actor: Principal, @Body() dto: NewWebhook): Promise<NewWebhookResponse> {
    return this.webhooks.create(actor, dto);
  }

  @Get()
  @ApiOperation({
    operationId: 'ListWebhooks',
    summary: 'Lists the webhooks of the accounts the caller manages',
  })
  @ApiOkResponse({ type: [WebhookInfo] })
  list(@CurrentUser() actor: Principal): Promise<WebhookInfo[]> {
    return this.webhooks.list(actor);
  }

  @Get(':id/deliveries')
  @ApiOperation({
    operationId: 'ListWebhookDeliveries',
    summary: 'Lists the latest deliveries to a webhook, with their attempts and outcomes',
  })
  @ApiOkResponse({ type: [WebhookDeliveryInfo] })
  @ApiErrors(404)
  deliveries(@CurrentUser() actor: Principal, @Param('id') id: string): Promise<WebhookDeliveryInfo[]> {
    return this.webhooks.deliveriesOf(actor, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'DeleteWebhook', summary: 'Removes a webhook; nothing more is sent to it' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors(404)
  remove(@CurrentUser() actor: Principal, @Param('id') id: string): Promise<void> {
    return this.webhooks.remove(actor, id);
  }
}
