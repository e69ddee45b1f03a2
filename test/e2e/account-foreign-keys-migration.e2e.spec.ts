import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { AccountEntity } from '../../src/accounts/entities/account.entity';
import { renderError } from '../../src/common/errors/all-exceptions.filter';
import { CustomFieldEntity } from '../../src/custom-fields/entities/custom-field.entity';
import { CustomerTagEntity } from '../../src/customers/entities/customer-tag.entity';
import { CustomerEntity } from '../../src/customers/entities/customer.entity';
import { EndpointTypes } from '../../src/contract/endpoint.enums';
import { EndpointTagEntity } from '../../src/endpoints/entities/endpoint-tag.entity';
import { EndpointEntity } from '../../src/endpoints/entities/endpoint.entity';
import { WebhookDeliveryEntity } from '../../src/events/entities/webhook-delivery.entity';
import { WebhookEntity } from '../../src/events/entities/webhook.entity';
import { FlowTagEntity } from '../../src/flows/entities/flow-tag.entity';
import { FlowEntity } from '../../src/flows/entities/flow.entity';
import { TagColors } from '../../src/tags/dto/tag-colors.enum';
import { TagEntity } from '../../src/tags/entities/tag.entity';
import { UserAccountEntity } from '../../src/users/entities/user-account.entity';
import { createTestDatabase, openDataSource, TestDatabase, insertAsGiven } from '../helpers/database';

const MIGRATION = 'AccountForeignKeys1765600000000';
const now = '2026-01-01T00:00:00.000Z';
const audited = (id: string) => ({ id, dateCreated: now, dateLastModified: now });

const account = (id: string) => ({ ...audited(id), name: id, ancestorIds: [], isBYOA: false });
const customer = (id: string, accountId: string) => ({
  ...audited(id),
  accountId,
  parentCustomerId: null,
  name: id,
  path: `${id}/`,
});
const tag = (id: string, accountId: string) => ({ id, accountId, name: id, color: TagColors.Blue });
const flow = (id: string, accountId: string) => ({
  ...audited(id),
  accountId,
  customerId: null,
  name: id,
  roles: [],
  nodes: [],
  parameters: [],
  exits: [],
});
// Loopback only: no test ever names another host, even in a row that is never delivered.
const webhook = (id: string, accountId: string) => ({
  ...audited(id),
  accountId,
  url: 'http://127.0.0.1:9/hook',
  eventTypes: [],
  description: null,
  secretEncrypted: 'sealed',
});
const customField = (id: string, accountId: string) => ({
  ...audited(id),
  accountId,
  scope: 'Customer' as const,
  name: id,
  nameKey: id,
  position: 0,
  field: { name: id, type: 'String' } as never,
});
const delivery = (id: string, webhookId: string) => ({
  id,
  webhookId,
  eventId: 'event',
  eventType: 'endpoint.created',
  status: 'pending' as const,
  attempts: 0,
  nextAttemptAt: now,
  createdAt: now,
});
let numbers = 0;
const endpoint = (id: string, accountId: string, customerId: string | null) => ({
  ...audited(id),
  accountId,
  customerId,
  flowId: null,
  type: EndpointTypes.PhoneNumber,
  status: 'active' as const,
  displayName: id,
  phoneNumber: `+1415556${String(++numbers).padStart(4, '0')}`,
  isVirtualPhoneNumber: true,
});

describe('the account foreign-key migration', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let report: string[];

  const ids = async (entity: EntityTarget<ObjectLiteral>) =>
    (await dataSource.manager.find(entity))
      .map((row) => String(row.id ?? `${row.userId} ${row.accountId}`))
      .sort();

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openDataSource(database, false);
    // The schema as it was before this migration, holding rows of an account long gone.
    await dataSource.runMigrations();
    const applied = async () =>
      (await dataSource.query<{ name: string }[]>('SELECT "name" FROM "migrations"')).map((m) => m.name);
    while ((await applied()).includes(MIGRATION)) await dataSource.undoLastMigration();

    const m = dataSource.manager;
    await insertAsGiven(m, AccountEntity, [account('acme'), account('spare')]);
    await m.insert(CustomerEntity, [customer('kept', 'acme'), customer('lost', 'gone')]);
    await m.insert(TagEntity, [tag('kept-tag', 'acme'), tag('lost-tag', 'gone')]);
    await m.insert(FlowEntity, [flow('kept-flow', 'acme'), flow('lost-flow', 'gone')]);
    await m.insert(WebhookEntity, [webhook('kept-hook', 'acme'), webhook('lost-hook', 'gone')]);
    await m.insert(CustomFieldEntity, [customField('kept-field', 'acme'), customField('lost-field', 'gone')]);
    await m.insert(UserAccountEntity, [
      { userId: 'user', accountId: 'acme' },
      { userId: 'user', accountId: 'gone' },
    ]);
    // An endpoint of a live account that names the lost customer (a race with the old code could do it).
    await m.insert(EndpointEntity, [endpoint('e-kept', 'acme', 'kept'), endpoint('e-lost', 'acme', 'lost')]);
    await m.insert(EndpointTagEntity, [
      { endpointId: 'e-kept', tagId: 'kept-tag' },
      { endpointId: 'e-kept', tagId: 'lost-tag' },
    ]);
    await m.insert(CustomerTagEntity, [
      { customerId: 'kept', tagId: 'kept-tag' },
      { customerId: 'lost', tagId: 'kept-tag' },
    ]);
    await m.insert(FlowTagEntity, [
      { flowId: 'kept-flow', tagId: 'kept-tag' },
      { flowId: 'lost-flow', tagId: 'kept-tag' },
    ]);
    await m.insert(WebhookDeliveryEntity, [delivery('d-kept', 'kept-hook'), delivery('d-lost', 'lost-hook')]);

    report = [];
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => {
      report.push(String(message));
    });
    try {
      await dataSource.runMigrations();
    } finally {
      warn.mockRestore();
    }
  }, 120_000);
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('deletes every row of a missing account, with its links and deliveries, and keeps the rest', async () => {
    expect({
      customers: await ids(CustomerEntity),
      tags: await ids(TagEntity),
      flows: await ids(FlowEntity),
      webhooks: await ids(WebhookEntity),
      customFields: await ids(CustomFieldEntity),
      memberships: await ids(UserAccountEntity),
      deliveries: await ids(WebhookDeliveryEntity),
    }).toEqual({
      customers: ['kept'],
      tags: ['kept-tag'],
      flows: ['kept-flow'],
      webhooks: ['kept-hook'],
      customFields: ['kept-field'],
      memberships: ['user acme'],
      deliveries: ['d-kept'],
    });
    const links = async (entity: EntityTarget<ObjectLiteral>) =>
      (await dataSource.manager.find(entity)).map((l) => Object.values(l).join(' '));
    expect([
      await links(EndpointTagEntity),
      await links(CustomerTagEntity),
      await links(FlowTagEntity),
    ]).toEqual([['e-kept kept-tag'], ['kept kept-tag'], ['kept-flow kept-tag']]);
    const endpoints = await dataSource.manager.find(EndpointEntity, { order: { id: 'ASC' } });
    expect(endpoints.map((e) => [e.id, e.customerId])).toEqual([
      ['e-kept', 'kept'],
      ['e-lost', null],
    ]);
  });

  it('reports each kind of repair with its count', () => {
    expect(report.sort()).toEqual(
      [
        `${MIGRATION}: 1 customer_tags rows of customers or tags of missing accounts deleted`,
        `${MIGRATION}: 1 flow_tags rows of flows or tags of missing accounts deleted`,
        `${MIGRATION}: 1 endpoint_tags rows of tags of missing accounts deleted`,
        `${MIGRATION}: 1 endpoints whose customer belongs to a missing account set to no customer`,
        `${MIGRATION}: 1 webhook_deliveries of webhooks of missing accounts deleted`,
        `${MIGRATION}: 1 customers of missing accounts deleted`,
        `${MIGRATION}: 1 tags of missing accounts deleted`,
        `${MIGRATION}: 1 flows of missing accounts deleted`,
        `${MIGRATION}: 1 webhooks of missing accounts deleted`,
        `${MIGRATION}: 1 custom_fields of missing accounts deleted`,
        `${MIGRATION}: 1 user_accounts of missing accounts deleted`,
      ].sort(),
    );
  });

  describe('leaves keys that', () => {
    const insert = (entity: EntityTarget<ObjectLiteral>, row: ObjectLiteral) => () =>
      dataSource.manager.insert(entity, row);
    const danglingInserts = [
      ['a customer', insert(CustomerEntity, customer('c1', 'gone'))],
      ['a tag', insert(TagEntity, tag('t1', 'gone'))],
      ['a flow', insert(FlowEntity, flow('f1', 'gone'))],
      ['a webhook', insert(WebhookEntity, webhook('w1', 'gone'))],
      ['a custom field', insert(CustomFieldEntity, customField('cf1', 'gone'))],
      ['a membership', insert(UserAccountEntity, { userId: 'user', accountId: 'gone' })],
    ] as const;

    it.each(danglingInserts)('refuse %s of a missing account', async (_what, write) => {
      await expect(write()).rejects.toThrow(/foreign key/i);
    });

    it.each(danglingInserts)(
      'answer %s naming a deleted account, which a race provokes, with a 409 (never a 500)',
      async (_what, write) => {
        const error = await write().then(
          () => undefined,
          (e: unknown) => e,
        );
        const { status, body } = renderError(error, false);
        expect([status, body.responseStatus.errorCode]).toEqual([409, 'ReferenceNotFound']);
        // PostgreSQL names the column; SQLite's error does not say which key refused.
        if (database.isPostgres) expect(body.responseStatus.errors?.[0]?.fieldName).toBe('accountId');
      },
    );

    it('still refuse deleting an account with endpoints', async () => {
      await expect(dataSource.manager.delete(AccountEntity, { id: 'acme' })).rejects.toThrow(/foreign key/i);
    });

    it("take an account's rows with it when it is deleted", async () => {
      const m = dataSource.manager;
      await m.insert(CustomerEntity, customer('spare-customer', 'spare'));
      await m.insert(TagEntity, tag('spare-tag', 'spare'));
      await m.insert(FlowEntity, flow('spare-flow', 'spare'));
      await m.insert(WebhookEntity, webhook('spare-hook', 'spare'));
      await m.insert(CustomFieldEntity, customField('spare-field', 'spare'));
      await m.insert(UserAccountEntity, { userId: 'user', accountId: 'spare' });
      await m.insert(CustomerTagEntity, { customerId: 'spare-customer', tagId: 'spare-tag' });
      await m.delete(AccountEntity, { id: 'spare' });
      const left = await Promise.all(
        [CustomerEntity, TagEntity, FlowEntity, WebhookEntity, CustomFieldEntity, UserAccountEntity].map(
          (entity) => m.countBy(entity as EntityTarget<ObjectLiteral>, { accountId: 'spare' }),
        ),
      );
      expect(left).toEqual([0, 0, 0, 0, 0, 0]);
      expect(await m.countBy(CustomerTagEntity, { customerId: 'spare-customer' })).toBe(0);
    });
  });
});
