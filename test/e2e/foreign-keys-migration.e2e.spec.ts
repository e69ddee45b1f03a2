import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { DataSource, EntityTarget, In, ObjectLiteral } from 'typeorm';
import { AccountEntity } from '../../src/accounts/entities/account.entity';
import { renderError } from '../../src/common/errors/all-exceptions.filter';
import { CustomerTagEntity } from '../../src/customers/entities/customer-tag.entity';
import { CustomerEntity } from '../../src/customers/entities/customer.entity';
import { EndpointTypes } from '../../src/contract/endpoint.enums';
import { EndpointTagEntity } from '../../src/endpoints/entities/endpoint-tag.entity';
import { EndpointEntity } from '../../src/endpoints/entities/endpoint.entity';
import { FlowTagEntity } from '../../src/flows/entities/flow-tag.entity';
import { FlowEntity } from '../../src/flows/entities/flow.entity';
import { TagColors } from '../../src/tags/dto/tag-colors.enum';
import { TagEntity } from '../../src/tags/entities/tag.entity';
import { createTestDatabase, openDataSource, TestDatabase, insertAsGiven } from '../helpers/database';

const MIGRATION = 'ForeignKeys1765400000000';
const now = '2026-01-01T00:00:00.000Z';
const audited = (id: string) => ({ id, dateCreated: now, dateLastModified: now });

const account = (id: string) => ({ ...audited(id), name: id, ancestorIds: [], isBYOA: false });
const customer = (id: string, parentCustomerId: string | null, path: string) => ({
  ...audited(id),
  accountId: 'acme',
  parentCustomerId,
  name: id,
  path,
});
const flow = (id: string, customerId: string | null) => ({
  ...audited(id),
  accountId: 'acme',
  customerId,
  name: id,
  roles: [],
  nodes: [],
  parameters: [],
  exits: [],
});
let numbers = 0;
const endpoint = (id: string, accountId: string, customerId: string | null, flowId: string | null) => ({
  ...audited(id),
  accountId,
  customerId,
  flowId,
  type: EndpointTypes.PhoneNumber,
  status: 'active' as const,
  displayName: id,
  phoneNumber: `+1415555${String(++numbers).padStart(4, '0')}`,
  isVirtualPhoneNumber: true,
});

describe('the foreign-key migration', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let report: string[];

  const links = async (entity: typeof EndpointTagEntity | typeof CustomerTagEntity | typeof FlowTagEntity) =>
    (await dataSource.manager.find(entity as typeof EndpointTagEntity)).map((l) =>
      Object.values(l).join(' '),
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openDataSource(database, false);
    // The schema as it was before this migration, holding rows that refer to rows long gone.
    await dataSource.runMigrations();
    const applied = async () =>
      (await dataSource.query<{ name: string }[]>('SELECT "name" FROM "migrations"')).map((m) => m.name);
    while ((await applied()).includes(MIGRATION)) await dataSource.undoLastMigration();

    const m = dataSource.manager;
    await insertAsGiven(m, AccountEntity, [account('acme')]);
    await m.insert(CustomerEntity, [
      customer('parent', null, 'parent/'),
      customer('child', 'parent', 'parent/child/'),
      customer('spare', null, 'spare/'),
      // Its parent was deleted under it; its own child is fine.
      customer('orphan', 'gone-customer', 'gone-customer/orphan/'),
      customer('grandchild', 'orphan', 'gone-customer/orphan/grandchild/'),
    ]);
    await m.insert(TagEntity, { id: 'sales', accountId: 'acme', name: 'Sales', color: TagColors.Blue });
    await m.insert(FlowEntity, [
      flow('ivr', 'child'),
      flow('spare-flow', 'spare'),
      flow('customers-gone', 'gone-customer'),
    ]);
    await m.insert(EndpointEntity, [
      endpoint('sound', 'acme', 'child', 'ivr'),
      endpoint('stray', 'acme', 'gone-customer', 'gone-flow'),
      endpoint('accountless', 'gone-account', null, null),
      {
        ...endpoint('bought', 'gone-account', null, null),
        isVirtualPhoneNumber: false,
        phoneNumberSid: 'PN1',
        phoneNumber: '+14155559999',
      },
    ]);
    await m.insert(EndpointTagEntity, [
      { endpointId: 'sound', tagId: 'sales' },
      { endpointId: 'sound', tagId: 'gone-tag' },
      { endpointId: 'gone-endpoint', tagId: 'sales' },
      { endpointId: 'accountless', tagId: 'sales' },
    ]);
    await m.insert(CustomerTagEntity, [
      { customerId: 'child', tagId: 'sales' },
      { customerId: 'child', tagId: 'gone-tag' },
      { customerId: 'gone-customer', tagId: 'sales' },
    ]);
    await m.insert(FlowTagEntity, [
      { flowId: 'ivr', tagId: 'sales' },
      { flowId: 'ivr', tagId: 'gone-tag' },
      { flowId: 'gone-flow', tagId: 'sales' },
    ]);

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

  it('moves an endpoint whose customer is gone to the account, and lets go of its missing flow', async () => {
    const stray = await dataSource.manager.findOneByOrFail(EndpointEntity, { id: 'stray' });
    expect(stray).toMatchObject({ accountId: 'acme', customerId: null, flowId: null });
    const sound = await dataSource.manager.findOneByOrFail(EndpointEntity, { id: 'sound' });
    expect(sound).toMatchObject({ customerId: 'child', flowId: 'ivr' });
  });

  it('deletes the endpoints whose account is gone, and every tag link to a missing row', async () => {
    expect(await dataSource.manager.findBy(EndpointEntity, { id: In(['accountless', 'bought']) })).toEqual(
      [],
    );
    expect(await links(EndpointTagEntity)).toEqual(['sound sales']);
    expect(await links(CustomerTagEntity)).toEqual(['child sales']);
    expect(await links(FlowTagEntity)).toEqual(['ivr sales']);
  });

  it('makes a customer whose parent is gone a top-level customer, with its subtree under it', async () => {
    const rows = await dataSource.manager.find(CustomerEntity, { order: { id: 'ASC' } });
    expect(rows.map((c) => [c.id, c.parentCustomerId, c.path])).toEqual([
      ['child', 'parent', 'parent/child/'],
      ['grandchild', 'orphan', 'orphan/grandchild/'],
      ['orphan', null, 'orphan/'],
      ['parent', null, 'parent/'],
      ['spare', null, 'spare/'],
    ]);
    const flows = await dataSource.manager.find(FlowEntity, { order: { id: 'ASC' } });
    expect(flows.map((f) => [f.id, f.customerId])).toEqual([
      ['customers-gone', null],
      ['ivr', 'child'],
      ['spare-flow', 'spare'],
    ]);
  });

  it('reports each kind of repair with its count', () => {
    expect(report.sort()).toEqual(
      [
        `${MIGRATION}: 1 customer_tags rows whose customerId is missing deleted`,
        `${MIGRATION}: 1 customer_tags rows whose tagId is missing deleted`,
        `${MIGRATION}: 1 customers whose parent is missing made top-level`,
        `${MIGRATION}: 1 endpoint_tags rows whose tagId is missing deleted`,
        // The one of a missing endpoint, and the one of the endpoint deleted with its missing account.
        `${MIGRATION}: 2 endpoint_tags rows whose endpointId is missing deleted`,
        `${MIGRATION}: 2 endpoints of missing accounts deleted`,
        `${MIGRATION}: numbers of those deleted endpoints to release at the provider: +14155559999`,
        `${MIGRATION}: 1 endpoints whose customerId is missing set to NULL`,
        `${MIGRATION}: 1 endpoints whose flowId is missing set to NULL`,
        `${MIGRATION}: 1 flow_tags rows whose flowId is missing deleted`,
        `${MIGRATION}: 1 flow_tags rows whose tagId is missing deleted`,
        `${MIGRATION}: 1 flows whose customerId is missing set to NULL`,
      ].sort(),
    );
  });

  describe('leaves keys that', () => {
    const insert = (entity: EntityTarget<ObjectLiteral>, row: ObjectLiteral) => () =>
      dataSource.manager.insert(entity, row);
    it.each([
      [
        'an endpoint of a missing account',
        insert(EndpointEntity, endpoint('e1', 'gone-account', null, null)),
      ],
      [
        'an endpoint of a missing customer',
        insert(EndpointEntity, endpoint('e2', 'acme', 'gone-customer', null)),
      ],
      [
        'an endpoint running a missing flow',
        insert(EndpointEntity, endpoint('e3', 'acme', null, 'gone-flow')),
      ],
      ['a link to a missing tag', insert(EndpointTagEntity, { endpointId: 'sound', tagId: 'gone-tag' })],
      [
        'a link of a missing endpoint',
        insert(EndpointTagEntity, { endpointId: 'gone-endpoint', tagId: 'sales' }),
      ],
      [
        'a link of a missing customer',
        insert(CustomerTagEntity, { customerId: 'gone-customer', tagId: 'sales' }),
      ],
      ['a link of a missing flow', insert(FlowTagEntity, { flowId: 'gone-flow', tagId: 'sales' })],
      [
        'a customer of a missing parent',
        insert(CustomerEntity, customer('c1', 'gone-customer', 'gone-customer/c1/')),
      ],
      ['a flow of a missing customer', insert(FlowEntity, flow('f1', 'gone-customer'))],
    ])('refuse %s', async (_what, write) => {
      await expect(write()).rejects.toThrow(/foreign key/i);
    });

    it.each([
      ['an account with endpoints', AccountEntity, 'acme'],
      ['a customer with endpoints', CustomerEntity, 'child'],
      ['a customer with child customers', CustomerEntity, 'parent'],
      ['a flow endpoints run', FlowEntity, 'ivr'],
    ] as const)('refuse deleting %s', async (_what, entity, id) => {
      await expect(dataSource.manager.delete(entity, { id })).rejects.toThrow(/foreign key/i);
    });

    it.each([
      [
        'a write naming a deleted customer',
        () => dataSource.manager.insert(EndpointEntity, endpoint('e4', 'acme', 'gone-customer', null)),
        'ReferenceNotFound',
        'customerId',
      ],
      [
        'a write naming a deleted tag',
        () => dataSource.manager.insert(EndpointTagEntity, { endpointId: 'sound', tagId: 'gone-tag' }),
        'ReferenceNotFound',
        'tagIds',
      ],
      [
        'deleting a customer something still refers to',
        () => dataSource.manager.delete(CustomerEntity, { id: 'child' }),
        'StillReferenced',
        undefined,
      ],
    ] as const)(
      'answer %s, which a race provokes, with a 409 (never a 500)',
      async (_what, write, code, field) => {
        const error = await write().then(
          () => undefined,
          (e: unknown) => e,
        );
        const { status, body } = renderError(error, false);
        expect([status, body.responseStatus.errorCode]).toEqual([409, code]);
        // PostgreSQL names the column; SQLite's error does not say which key refused.
        if (database.isPostgres && field) expect(body.responseStatus.errors?.[0]?.fieldName).toBe(field);
      },
    );

    it("let a deleted customer's flows stay with the account", async () => {
      await dataSource.manager.delete(CustomerEntity, { id: 'spare' });
      expect(await dataSource.manager.findOneByOrFail(FlowEntity, { id: 'spare-flow' })).toMatchObject({
        accountId: 'acme',
        customerId: null,
      });
    });

    it('take a deleted tag off everything that carried it', async () => {
      await dataSource.manager.delete(TagEntity, { id: 'sales' });
      expect([
        await links(EndpointTagEntity),
        await links(CustomerTagEntity),
        await links(FlowTagEntity),
      ]).toEqual([[], [], []]);
    });
  });
});
