import { AccountEntity } from '../accounts/entities/account.entity';
import { ApiKeyEntity } from '../auth/entities/api-key.entity';
import { SessionEntity } from '../auth/entities/session.entity';
import { CustomerEntity } from '../customers/entities/customer.entity';
import { EndpointTagEntity } from '../endpoints/entities/endpoint-tag.entity';
import { EndpointEntity } from '../endpoints/entities/endpoint.entity';
import { OutboxEventEntity } from '../events/entities/outbox-event.entity';
import { WebhookDeliveryEntity } from '../events/entities/webhook-delivery.entity';
import { WebhookEntity } from '../events/entities/webhook.entity';
import { FlowEntity } from '../flows/entities/flow.entity';
import { TagEntity } from '../tags/entities/tag.entity';
import { UserAccountEntity } from '../users/entities/user-account.entity';
import { UserEntity } from '../users/entities/user.entity';

/** Every entity, for the one DataSource the app and the TypeORM CLI share. */
export const ENTITIES = [
  AccountEntity,
  CustomerEntity,
  UserEntity,
  UserAccountEntity,
  ApiKeyEntity,
  SessionEntity,
  TagEntity,
  FlowEntity,
  EndpointEntity,
  EndpointTagEntity,
  OutboxEventEntity,
  WebhookEntity,
  WebhookDeliveryEntity,
];
