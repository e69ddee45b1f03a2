import type { EntityManager } from 'typeorm';
import type { OutboxService } from '../events/outbox.service';
import type { EndpointEntity } from './entities/endpoint.entity';

type EndpointEvent = 'endpoint.created' | 'endpoint.updated' | 'endpoint.deleted';

/**
 * Records an endpoint event in the outbox, inside the transaction `m` of the change itself, so the
 * event exists exactly when the change does. `changed` lists the fields an update touched.
 */
export function recordEndpointEvent(
  outbox: OutboxService,
  m: EntityManager,
  type: EndpointEvent,
  endpoint: EndpointEntity,
  changed?: string[],
): Promise<string> {
  return outbox.record(
    m,
    type,
    {
      id: endpoint.id,
      accountId: endpoint.accountId,
      customerId: endpoint.customerId,
      type: endpoint.type,
      phoneNumber: endpoint.phoneNumber,
      phoneNumberSid: endpoint.phoneNumberSid,
      isVirtualPhoneNumber: endpoint.isVirtualPhoneNumber,
      displayName: endpoint.displayName,
      ...(changed ? { changed } : {}),
    },
    endpoint.accountId,
  );
}
