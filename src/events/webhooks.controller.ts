import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { Role } from '../common/auth/role.enum';
import { ListResponse, ListResponseOf } from '../common/dto/list.dto';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import {
  ListWebhookDeliveriesQuery,
  ListWebhooksQuery,
  NewWebhook,
  NewWebhookResponse,
  WebhookDeliveryInfo,
  WebhookInfo,
} from './dto/webhook.dto';
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
      'backoff until a 2xx answer. The signing secret is in this response only. A 409 `ReferenceNotFound` ' +
      'when the account is deleted meanwhile.',
  })
  @ApiOkResponse({ type: NewWebhookResponse })
  @ApiErrors(400, 409)
  create(@CurrentUser() actor: Principal, @Body() dto: NewWebhook): Promise<NewWebhookResponse> {
    return this.webhooks.create(actor, dto);
  }

  @Get()
  @ApiOperation({
    operationId: 'ListWebhooks',
    summary: 'Lists the webhooks of the accounts the caller manages',
    description:
      'Oldest first by default (sortField dateCreated, url or id), paged like every list (countPerPage, page ' +
      'or cursor, simplifiedPaging).',
  })
  @ApiOkResponse({ type: ListResponseOf(WebhookInfo) })
  @ApiErrors(400)
  list(
    @CurrentUser() actor: Principal,
    @Query() query: ListWebhooksQuery,
  ): Promise<ListResponse<WebhookInfo>> {
    return this.webhooks.list(actor, query);
  }

  @Get(':id/deliveries')
  @ApiOperation({
    operationId: 'ListWebhookDeliveries',
    summary: 'Lists the deliveries to a webhook, with their attempts and outcomes',
    description:
      'Newest first by default (sortField createdAt or id), paged like every list (countPerPage, page or ' +
      'cursor, simplifiedPaging); `status` keeps only pending, succeeded or failed ones.',
  })
  @ApiOkResponse({ type: ListResponseOf(WebhookDeliveryInfo) })
  @ApiErrors(400, 404)
  deliveries(
    @CurrentUser() actor: Principal,
    @Param('id') id: string,
    @Query() query: ListWebhookDeliveriesQuery,
  ): Promise<ListResponse<WebhookDeliveryInfo>> {
    return this.webhooks.deliveriesOf(actor, id, query);
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
