import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { SecurityModule } from '../security/security.module';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { WebhookDeliveryEntity } from './entities/webhook-delivery.entity';
import { WebhookEntity } from './entities/webhook.entity';
import { EventDispatcher } from './event-dispatcher';
import { OutboxService } from './outbox.service';
import { operationsConfig } from '../config/operations.config';
import { WebhookSecrets } from './webhook-secrets';
import { parseAllowedTargets, WebhookTargetGuard } from './webhook-targets';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/**
 * Domain events: the outbox (modules that import this one record events in their own transactions),
 * the dispatcher that publishes them in-process and to webhooks, and the webhook routes.
 */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookEntity, WebhookDeliveryEntity]), AccountsModule, SecurityModule],
  controllers: [WebhooksController],
  providers: [
    OutboxService,
    WebhooksService,
    WebhookSecrets,
    EventDispatcher,
    {
      provide: WebhookTargetGuard,
      useFactory: (ops: ConfigType<typeof operationsConfig>) =>
        new WebhookTargetGuard(parseAllowedTargets(ops.webhooks.allowedPrivateHosts)),
      inject: [operationsConfig.KEY],
    },
  ],
  exports: [OutboxService, EventDispatcher],
})
export class EventsModule {}
