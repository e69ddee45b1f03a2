import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { auditColumns, boolean, id, index, integer, text, varchar } from './schema-helpers';

export class InitialSchema1764250000000 implements MigrationInterface {
  name = 'InitialSchema1764250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const create = (table: Table) => queryRunner.createTable(table, false, false, true);

    await create(
      new Table({
        name: 'accounts',
        columns: [
          id(),
          ...auditColumns(),
          varchar('name', 255),
          varchar('parentAccountId', 36, { nullable: true }),
          text('ancestorIds'),
          integer('maxPhoneNumbers', { nullable: true }),
          varchar('twilioAccountSid', 64, { nullable: true }),
          text('twilioAuthTokenEncrypted', { nullable: true }),
          boolean('isBYOA'),
        ],
      }),
    );

    await create(
      new Table({
        name: 'customers',
        columns: [
          id(),
          ...auditColumns(),
          varchar('accountId', 36),
          varchar('parentCustomerId', 36, { nullable: true }),
          varchar('name', 255),
          varchar('referenceId', 255, { nullable: true }),
          varchar('path', 1000),
          text('data', { nullable: true }),
        ],
        indices: [index('customers', ['accountId']), index('customers', ['path'])],
      }),
    );

    await create(
      new Table({
        name: 'users',
        columns: [
          id(),
          ...auditColumns(),
          varchar('emailAddress', 320),
          varchar('firstName', 255, { nullable: true }),
          varchar('lastName', 255, { nullable: true }),
          varchar('passwordHash', 255),
          text('roles'),
          varchar('customerId', 36, { nullable: true }),
        ],
        indices: [index('users', ['emailAddress'], true)],
      }),
    );

    await create(
      new Table({
        name: 'user_accounts',
        columns: [id('userId'), id('accountId')],
        indices: [index('user_accounts', ['accountId'])],
      }),
    );

    await create(
      new Table({
        name: 'api_keys',
        columns: [
          id(),
          varchar('userId', 36),
          varchar('name', 255),
          varchar('keyPrefix', 16),
          varchar('keyHash', 64),
          varchar('dateCreated', 32),
          varchar('expiresAt', 32, { nullable: true }),
          varchar('revokedAt', 32, { nullable: true }),
        ],
        indices: [index('api_keys', ['userId']), index('api_keys', ['keyHash'], true)],
      }),
    );

    await create(
      new Table({
        name: 'sessions',
        columns: [
          id(),
          varchar('userId', 36),
          varchar('refreshTokenHash', 64),
          varchar('dateCreated', 32),
          varchar('expiresAt', 32),
          varchar('revokedAt', 32, { nullable: true }),
        ],
        indices: [index('sessions', ['userId']), index('sessions', ['refreshTokenHash'], true)],
      }),
    );

    await create(
      new Table({
        name: 'tags',
        columns: [id(), varchar('accountId', 36), varchar('name', 255), varchar('color', 16)],
        indices: [index('tags', ['accountId', 'name'], true)],
      }),
    );

    await create(
      new Table({
        name: 'flows',
        columns: [
          id(),
          ...auditColumns(),
          varchar('accountId', 36),
          varchar('customerId', 36, { nullable: true }),
          varchar('name', 255),
          text('description', { nullable: true }),
          text('notes', { nullable: true }),
          text('roles'),
          text('nodes'),
          text('parameters'),
          text('exits'),
        ],
        indices: [index('flows', ['accountId'])],
      }),
    );

    await create(
      new Table({
        name: 'endpoints',
        columns: [
          id(),
          ...auditColumns(),
          varchar('accountId', 36),
          varchar('customerId', 36, { nullable: true }),
          varchar('type', 24),
          varchar('status', 16),
          varchar('displayName', 255),
          varchar('referenceId', 255, { nullable: true }),
          varchar('phoneNumber', 20, { nullable: true }),
          varchar('phoneNumberSid', 64, { nullable: true }),
          boolean('isVirtualPhoneNumber'),
          varchar('addressSid', 64, { nullable: true }),
          varchar('flowId', 36, { nullable: true }),
          text('flowParams', { nullable: true }),
          text('data', { nullable: true }),
          text('settings', { nullable: true }),
        ],
        indices: [
          index('endpoints', ['accountId', 'type']),
          index('endpoints', ['customerId']),
          index('endpoints', ['phoneNumber'], true),
          index('endpoints', ['flowId']),
        ],
      }),
    );

    await create(
      new Table({
        name: 'endpoint_tags',
        columns: [id('endpointId'), id('tagId')],
        indices: [index('endpoint_tags', ['tagId'])],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'endpoint_tags',
      'endpoints',
      'flows',
      'tags',
      'sessions',
      'api_keys',
      'user_accounts',
      'users',
      'customers',
      'accounts',
    ]) {
      await queryRunner.dropTable(table, true);
    }
  }
}
