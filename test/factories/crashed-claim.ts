import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EndpointTypes } from '../../src/contract/endpoint.enums';
import { EndpointEntity } from '../../src/endpoints/entities/endpoint.entity';
import { ProvisioningEventEntity } from '../../src/endpoints/phone-numbers/provisioning/entities/provisioning-event.entity';
import { provisioningEvent } from '../../src/endpoints/phone-numbers/provisioning/provisioning-events';
import { IdempotencyKeyEntity } from '../../src/idempotency/idempotency-key.entity';
import { authConfig, type AuthConfig } from '../../src/config/auth.config';
import { fingerprintKey, requestFingerprint } from '../../src/idempotency/idempotency.interceptor';
import { UserEntity } from '../../src/users/entities/user.entity';
import type { TestApp } from '../helpers/test-app';

/**
 * What a process killed between purchase and activation leaves behind: an endpoint still in
 * `provisioning`, claimed an hour ago (past any grace period). Returns the claim's id.
 * With `idempotencyKey`, the request was a BuyPhoneNumber `{number}` of the user `by` under that key:
 * its `claimed` audit record names the key, and the key is still in flight (locked for minutes yet).
 */
export async function leaveCrashedClaim(
  t: TestApp,
  accountId: string,
  phoneNumber: string,
  by = 'crashed-process@test.local',
  idempotencyKey?: string,
): Promise<string> {
  const id = randomUUID();
  const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
  const dataSource = t.app.get(DataSource);
  if (idempotencyKey) {
    const user = await dataSource.getRepository(UserEntity).findOneByOrFail({ emailAddress: by });
    await dataSource.getRepository(IdempotencyKeyEntity).insert({
      id: randomUUID(),
      scope: `user:${user.id}`,
      key: idempotencyKey,
      fingerprint: requestFingerprint(
        fingerprintKey(t.app.get<AuthConfig>(authConfig.KEY).jwtSecret),
        'EndpointsController.buyPhoneNumber',
        {},
        { number: phoneNumber },
      ),
      state: 'inFlight',
      lockedUntil: new Date(Date.now() + 5 * 60_000).toISOString(),
      responseStatus: null,
      responseBody: null,
      dateCreated: anHourAgo,
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    await dataSource
      .getRepository(ProvisioningEventEntity)
      .insert(
        provisioningEvent(
          'claimed',
          { accountId, phoneNumber, endpointId: id },
          { name: by, requestId: randomUUID(), idempotencyKey },
        ),
      );
  }
  await dataSource.getRepository(EndpointEntity).insert({
    id,
    dateCreated: anHourAgo,
    dateLastModified: anHourAgo,
    createdBy: by,
    lastModifiedBy: by,
    accountId,
    customerId: null,
    type: EndpointTypes.PhoneNumber,
    status: 'provisioning',
    displayName: phoneNumber,
    referenceId: null,
    phoneNumber,
    phoneNumberSid: null,
    isVirtualPhoneNumber: false,
    addressSid: null,
    flowId: null,
    flowParams: null,
    data: null,
    settings: null,
    userMode: null,
    sipUserName: null,
  });
  return id;
}
