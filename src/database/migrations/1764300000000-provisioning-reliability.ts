import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { id, index, integer, text, varchar } from './schema-helpers';

/** Idempotency keys, the provisioning audit trail, orphaned numbers and the reconciler's lease. */
export class ProvisioningReliability1764300000000 implements MigrationInterface {
  name = 'ProvisioningReliability1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const create = (table: Table) => queryRunner.createTable(table, false, false, true);

    await create(
      new Table({
        name: 'idempotency_keys',
        columns: [
          id(),
          varchar('scope', 64),
          varchar('key', 255),
          varchar('fingerprint', 64),
          varchar('state', 16),
          varchar('lockedUntil', 32),
          integer('responseStatus', { nullable: true }),
          text('responseBody', { nullable: true }),
          varchar('dateCreated', 32),
          varchar('expiresAt', 32),
        ],
        indices: [
          index('idempotency_keys', ['scope', 'key'], true),
          index('idempotency_keys', ['expiresAt']),
        ],
      }),
    );

    await create(
      new Table({
        name: 'provisioning_events',
        columns: [
          id(),
          varchar('occurredAt', 32),
          varchar('accountId', 36),
          varchar('phoneNumber', 20),
          varchar('endpointId', 36, { nullable: true }),
          varchar('step', 16),
          varchar('actor', 255),
          varchar('requestId', 64, { nullable: true }),
          varchar('idempotencyKey', 255, { nullable: true }),
          varchar('phoneNumberSid', 64, { nullable: true }),
          text('detail', { nullable: true }),
        ],
        indices: [
          index('provisioning_events', ['accountId', 'occurredAt']),
          index('provisioning_events', ['phoneNumber']),
        ],
      }),
    );

    await create(
      new Table({
        name: 'provisioning_orphans',
        columns: [
          id(),
          varchar('accountId', 36),
          varchar('phoneNumber', 20),
          varchar('phoneNumberSid', 64),
          integer('releaseAttempts'),
          text('lastError', { nullable: true }),
          varchar('dateCreated', 32),
          varchar('releasedAt', 32, { nullable: true }),
        ],
        indices: [index('provisioning_orphans', ['releasedAt'])],
      }),
    );

    await create(
      new Table({
        name: 'leases',
        columns: [varchar('name', 64, { primary: true }), varchar('holder', 64), varchar('expiresAt', 32)],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['leases', 'provisioning_orphans', 'provisioning_events', 'idempotency_keys'])
      await queryRunner.dropTable(table, true);
  }
}
