import { randomUUID } from 'node:crypto';
import type { RequestTrace } from '../../../common/request-context/request-trace';
import { ProvisioningEventEntity, ProvisioningStep } from './entities/provisioning-event.entity';

let lastOccurredAt = 0;

/** Now, but strictly after the previous event of this process, so that steps keep their order. */
function nextOccurredAt(): string {
  lastOccurredAt = Math.max(Date.now(), lastOccurredAt + 1);
  return new Date(lastOccurredAt).toISOString();
}

/** Who an audit record names, and the request (if any) that made the change. */
export interface AuditActor {
  name: string;
  requestId: string | null;
  idempotencyKey: string | null;
}

/** A caller acting through a request: its id and idempotency key go into every record. */
export const requestActor = (name: string, trace: RequestTrace): AuditActor => ({ name, ...trace });

/** What a log line adds to name the actor's request, so that it can be found beside the request's own line. */
export const requestNote = (actor: AuditActor): string =>
  actor.requestId ? ` [request ${actor.requestId}]` : '';

/** Work no request asked for (the scheduled reconciler, the CLI). */
export const systemActor = (name: string): AuditActor => ({ name, requestId: null, idempotencyKey: null });

export interface ProvisioningSubject {
  accountId: string;
  phoneNumber: string;
  endpointId: string | null;
}

/** A new audit record of one step, carrying the actor's request id and idempotency key. */
export function provisioningEvent(
  step: ProvisioningStep,
  subject: ProvisioningSubject,
  actor: AuditActor,
  extra: { phoneNumberSid?: string | null; detail?: string | null } = {},
): ProvisioningEventEntity {
  return {
    id: randomUUID(),
    occurredAt: nextOccurredAt(),
    accountId: subject.accountId,
    phoneNumber: subject.phoneNumber,
    endpointId: subject.endpointId,
    step,
    actor: actor.name,
    requestId: actor.requestId,
    idempotencyKey: actor.idempotencyKey,
    phoneNumberSid: extra.phoneNumberSid ?? null,
    detail: extra.detail ? extra.detail.slice(0, 2000) : null,
  };
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
