import { randomUUID } from 'node:crypto';
import { currentRequestContext } from '../../common/request-context/request-context';
import { ProvisioningEventEntity, ProvisioningStep } from './entities/provisioning-event.entity';

let lastOccurredAt = 0;

/** Now, but strictly after the previous event of this process, so that steps keep their order. */
function nextOccurredAt(): string {
  lastOccurredAt = Math.max(Date.now(), lastOccurredAt + 1);
  return new Date(lastOccurredAt).toISOString();
}

export interface ProvisioningSubject {
  accountId: string;
  phoneNumber: string;
  endpointId: string | null;
}

/** A new audit record of one step, carrying the current request's id and idempotency key. */
export function provisioningEvent(
  step: ProvisioningStep,
  subject: ProvisioningSubject,
  actor: string,
  extra: { phoneNumberSid?: string | null; detail?: string | null } = {},
): ProvisioningEventEntity {
  const context = currentRequestContext();
  return {
    id: randomUUID(),
    occurredAt: nextOccurredAt(),
    accountId: subject.accountId,
    phoneNumber: subject.phoneNumber,
    endpointId: subject.endpointId,
    step,
    actor,
    requestId: context?.requestId ?? null,
    idempotencyKey: context?.idempotencyKey ?? null,
    phoneNumberSid: extra.phoneNumberSid ?? null,
    detail: extra.detail ? extra.detail.slice(0, 2000) : null,
  };
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
