import { AccountEntity } from '../accounts/entities/account.entity';
import { ApiKeyEntity } from '../auth/entities/api-key.entity';
import { SessionEntity } from '../auth/entities/session.entity';
import { CustomFieldEntity } from '../custom-fields/entities/custom-field.entity';
import { CustomerTagEntity } from '../customers/entities/customer-tag.entity';
import { CustomerEntity } from '../customers/entities/customer.entity';
import { EndpointTagEntity } from '../endpoints/entities/endpoint-tag.entity';
import { EndpointEntity } from '../endpoints/entities/endpoint.entity';
import { LeaseEntity } from '../endpoints/phone-numbers/provisioning/entities/lease.entity';
import { ProvisioningEventEntity } from '../endpoints/phone-numbers/provisioning/entities/provisioning-event.entity';
import { ProvisioningOrphanEntity } from '../endpoints/phone-numbers/provisioning/entities/provisioning-orphan.entity';
import { FlowTagEntity } from '../flows/entities/flow-tag.entity';
import { OutboxEventEntity } from '../events/entities/outbox-event.entity';
import { WebhookDeliveryEntity } from '../events/entities/webhook-delivery.entity';
import { WebhookEntity } from '../events/entities/webhook.entity';
import { FlowEntity } from '../flows/entities/flow.entity';
import { IdempotencyKeyEntity } from '../idempotency/idempotency-key.entity';
import { TagEntity } from '../tags/entities/tag.entity';
import { SandboxNumberEntity } from '../telephony/sandbox/sandbox-number.entity';
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
  IdempotencyKeyEntity,
  ProvisioningEventEntity,
  ProvisioningOrphanEntity,
  LeaseEntity,
  CustomerTagEntity,
  FlowTagEntity,
  OutboxEventEntity,
  WebhookEntity,
  WebhookDeliveryEntity,
  CustomFieldEntity,
  SandboxNumberEntity,
];
