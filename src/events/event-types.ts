/** Every event type the service emits; webhooks subscribe to some or all of them. */
export const EVENT_TYPES = ['endpoint.created', 'endpoint.updated', 'endpoint.deleted'] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** What in-process listeners (`@OnEvent('endpoint.created')`) and webhook receivers get. */
export interface DomainEvent<T = Record<string, unknown>> {
  id: string;
  type: EventType;
  accountId: string | null;
  timestamp: string;
  data: T;
}
