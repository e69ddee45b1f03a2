import type { WebhookDeliveryInfo, WebhookInfo } from './dto/webhook.dto';
import type { WebhookDeliveryEntity } from './entities/webhook-delivery.entity';
import type { WebhookEntity } from './entities/webhook.entity';

export const mapWebhook = (w: WebhookEntity): WebhookInfo => ({
  id: w.id,
  accountId: w.accountId,
  url: w.url,
  eventTypes: w.eventTypes,
  description: w.description,
  dateCreated: w.dateCreated,
});

export const mapWebhookDelivery = (d: WebhookDeliveryEntity): WebhookDeliveryInfo => ({
  id: d.id,
  eventId: d.eventId,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.nextAttemptAt,
  lastAttemptAt: d.lastAttemptAt,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  createdAt: d.createdAt,
});
