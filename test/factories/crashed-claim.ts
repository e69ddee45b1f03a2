import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EndpointTypes } from '../../src/endpoints/dto/endpoint.enums';
import { EndpointEntity } from '../../src/endpoints/entities/endpoint.entity';
import type { TestApp } from '../helpers/test-app';

/**
 * What a process killed between purchase and activation leaves behind: an endpoint still in
 * `provisioning`, claimed an hour ago (past any grace period). Returns the claim's id.
 */
export async function leaveCrashedClaim(
  t: TestApp,
  accountId: string,
  phoneNumber: string,
  by = 'crashed-process@test.local',
): Promise<string> {
  const id = randomUUID();
  const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
  await t.app.get(DataSource).getRepository(EndpointEntity).insert({
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
