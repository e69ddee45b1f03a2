import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsUrl, MaxLength } from 'class-validator';
import { ListRequest, SortFieldOf, type SortFields } from '../../common/dto/list.dto';
import { WEBHOOK_DELIVERY_STATUSES, type WebhookDeliveryStatus } from '../entities/webhook-delivery.entity';
import { OptionalId, OptionalString } from '../../common/validation/decorators';
import { EVENT_TYPES } from '../event-types';

export class NewWebhook {
  @OptionalId("The account whose events are sent; defaults to the caller's only account")
  accountId?: string;

  @ApiProperty({
    description: 'Where events are POSTed (http or https)',
    maxLength: 2048,
    example: 'https://example.com/hooks/evo',
  })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'url must be an http(s) URL' },
  )
  @MaxLength(2048)
  url: string;

  @ApiPropertyOptional({
    description: 'Event types to receive; omitted or empty: every type',
    type: [String],
    enum: EVENT_TYPES,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(EVENT_TYPES.length)
  @IsIn(EVENT_TYPES, { each: true, message: `eventTypes must each be one of: ${EVENT_TYPES.join(', ')}` })
  eventTypes?: string[];

  @OptionalString('A note to tell webhooks apart')
  description?: string;
}

export class WebhookInfo {
  @ApiProperty({ description: 'The webhook id' })
  id: string;

  @ApiProperty({ description: 'The account whose events are sent' })
  accountId: string;

  @ApiProperty({ description: 'Where events are POSTed' })
  url: string;

  @ApiProperty({ description: 'Event types received; empty: every type', type: [String], enum: EVENT_TYPES })
  eventTypes: string[];

  @ApiProperty({ description: 'A note to tell webhooks apart', type: String, nullable: true })
  description: string | null;

  @ApiProperty({ description: 'When the webhook was registered (ISO-8601 UTC)' })
  dateCreated: string;
}

export class NewWebhookResponse extends WebhookInfo {
  @ApiProperty({
    description:
      'The signing secret (`whsec_...`), shown only now. Verify each delivery: `webhook-signature` is ' +
      '`v1,` and the base64 HMAC-SHA256, keyed with the base64-decoded part after `whsec_`, of ' +
      '`<webhook-id>.<webhook-timestamp>.<body>` (Standard Webhooks).',
  })
  secret: string;
}

/** The fields ListWebhooks sorts by, and their columns. */
export const WEBHOOK_SORT_FIELDS = {
  dateCreated: 'w.dateCreated',
  url: 'w.url',
  id: 'w.id',
} as const satisfies SortFields;

/** Paged like every list; oldest first unless sortOrder says otherwise. */
@SortFieldOf(WEBHOOK_SORT_FIELDS, 'dateCreated')
export class ListWebhooksQuery extends ListRequest {
  @OptionalId('Only this account (default: every account the caller manages)')
  accountId?: string;
}

/** The fields ListWebhookDeliveries sorts by, and their columns. */
export const WEBHOOK_DELIVERY_SORT_FIELDS = {
  createdAt: 'd.createdAt',
  id: 'd.id',
} as const satisfies SortFields;

/** Paged like every list; newest first unless sortOrder says otherwise. */
@SortFieldOf(WEBHOOK_DELIVERY_SORT_FIELDS, 'createdAt')
export class ListWebhookDeliveriesQuery extends ListRequest {
  @ApiPropertyOptional({
    description: 'Only deliveries in this state, e.g. failed',
    enum: WEBHOOK_DELIVERY_STATUSES,
  })
  @IsOptional()
  @IsIn(WEBHOOK_DELIVERY_STATUSES, {
    message: `$property must be one of: ${WEBHOOK_DELIVERY_STATUSES.join(', ')}`,
  })
  status?: WebhookDeliveryStatus;
}

export class WebhookDeliveryInfo {
  @ApiProperty({ description: 'The delivery id' })
  id: string;

  @ApiProperty({ description: 'The event id, sent as the `webhook-id` header (the same on every retry)' })
  eventId: string;

  @ApiProperty({ description: 'The event type, e.g. endpoint.created', enum: EVENT_TYPES })
  eventType: string;

  @ApiProperty({
    description: 'pending (to be tried or retried), succeeded (a 2xx answer), failed (gave up)',
    enum: WEBHOOK_DELIVERY_STATUSES,
  })
  status: string;

  @ApiProperty({ description: 'Attempts made so far', type: 'integer' })
  attempts: number;

  @ApiProperty({ description: 'When the next attempt is due, while pending (ISO-8601 UTC)' })
  nextAttemptAt: string;

  @ApiProperty({ description: 'When the last attempt was made', type: String, nullable: true })
  lastAttemptAt: string | null;

  @ApiProperty({
    description: "The receiver's HTTP status on the last attempt; null when it did not answer",
    type: 'integer',
    nullable: true,
  })
  lastStatusCode: number | null;

  @ApiProperty({ description: 'Why the last attempt failed', type: String, nullable: true })
  lastError: string | null;

  @ApiProperty({ description: 'When the event was queued for this webhook (ISO-8601 UTC)' })
  createdAt: string;
}
