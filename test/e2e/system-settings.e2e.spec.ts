import { DataSource } from 'typeorm';
import { ValidationFailedError } from '../../src/common/errors/domain-errors';
import { AccountCustomFields, CustomFieldsService } from '../../src/custom-fields/custom-fields.service';
import { CustomFieldEntity } from '../../src/custom-fields/entities/custom-field.entity';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { createTenant, ok, Tenant } from '../factories/tenant';
import { startApp, TestApp } from '../helpers/test-app';

describe('system settings: custom fields (GetSystemSettings, PatchSystemSettings)', () => {
  let t: TestApp;
  let tenant: Tenant;
  let other: Tenant;

  beforeAll(async () => {
    t = await startApp();
    tenant = await createTenant(t);
    other = await createTenant(t);
  }, 180_000);
  afterAll(() => t?.close());

  const settings = (token = tenant.managerToken, accountId = tenant.accountId) =>
    ok(t.request('GET', `/system/settings?accountId=${accountId}`, { token }));
  const patch = (body: Record<string, unknown>, token = tenant.managerToken) =>
    t.request('PATCH', '/system/settings', { token, body: { accountId: tenant.accountId, ...body } });

  const tier = {
    name: 'Tier',
    type: 'String',
    description: 'The service tier',
    defaultValue: { stringValue: 'Gold' },
    isRequired: true,
    ui: { width: 3, choices: ['Gold', 'Silver'] },
  };
  const extension = { name: 'Extension', type: 'Number', endpointType: 'User', unknownFlag: false };
  const region = { name: 'Region', type: 'String', defaultValue: {} };

  it('stores every list as sent, unknown properties included, and answers it in order', async () => {
    const before = await settings();
    expect(before).toMatchObject({ customerFields: [], endpointFields: [], systemFields: [] });
    const plan = { name: 'Plan', type: 'Boolean', defaultValue: { boolValue: true } };
    const answer = await ok(
      patch({ customerFields: [tier, plan], endpointFields: [extension], systemFields: [region] }),
    );
    const expected = {
      accountId: tenant.accountId,
      tags: before.tags,
      customerFields: [tier, plan],
      endpointFields: [extension],
      systemFields: [region],
      // The test clock (see schedules.e2e.spec.ts), never set here.
      overrideSystemTime: false,
      overrideSystemTimeZoneId: null,
      overrideSystemDateTime: null,
    };
    expect(answer).toEqual(expected);
    expect(await settings()).toEqual(expected);
    // Every role reads them, and C# clients' PascalCase property names bind.
    expect((await settings(tenant.customerToken)).customerFields).toEqual([tier, plan]);
    const pascal = await ok(
      patch({ SystemFields: [{ Name: 'Zone', Type: 'TimeZoneId', Description: 'Where', Extra: 1 }] }),
    );
    expect(pascal.systemFields).toEqual([
      { name: 'Zone', type: 'TimeZoneId', description: 'Where', Extra: 1 },
    ]);
    expect(pascal.customerFields).toEqual([tier, plan]);
  });

  it('replaces a given list completely and leaves the lists left out unchanged', async () => {
    await ok(patch({ customerFields: [tier], endpointFields: [extension], systemFields: [region] }));
    const renamed = { ...tier, name: 'TIER', type: 'Number', defaultValue: { numberValue: 2 } };
    const vip = { name: 'VIP', type: 'Boolean' };
    const answer = await ok(patch({ customerFields: [vip, renamed] }));
    expect(answer.customerFields).toEqual([vip, renamed]);
    expect(answer.endpointFields).toEqual([extension]);
    expect(answer.systemFields).toEqual([region]);

    const emptied = await ok(patch({ endpointFields: [] }));
    expect(emptied).toMatchObject({
      customerFields: [vip, renamed],
      endpointFields: [],
      systemFields: [region],
    });
    expect(await settings()).toEqual(emptied);
    // A list sent as null is left out.
    expect(await ok(patch({ customerFields: null, systemFields: null }))).toEqual(emptied);
  });

  it.each([
    [
      'a name repeated in another case',
      {
        customerFields: [
          { name: 'Tier', type: 'String' },
          { name: 'tIER', type: 'Number' },
        ],
      },
      'customerFields[1].name',
      'Duplicate',
    ],
    ['a missing name', { endpointFields: [{ type: 'String' }] }, 'endpointFields[0].name', 'NotEmpty'],
    [
      'a name too long',
      { systemFields: [{ name: 'x'.repeat(256), type: 'String' }] },
      'systemFields[0].name',
      'Length',
    ],
    ['a missing type', { customerFields: [{ name: 'A' }] }, 'customerFields[0].type', 'NotEmpty'],
    ['an unknown type', { endpointFields: [{ name: 'A', type: 'Text' }] }, 'endpointFields[0].type', 'Enum'],
    [
      'a Transition type',
      { systemFields: [{ name: 'A', type: 'Transition' }] },
      'systemFields[0].type',
      'Invalid',
    ],
    [
      'an endpointType on a customer field',
      { customerFields: [{ name: 'A', type: 'String', endpointType: 'User' }] },
      'customerFields[0].endpointType',
      'NotAllowed',
    ],
    [
      'an endpointType on a system field',
      { systemFields: [{ name: 'A', type: 'String', endpointType: 'User' }] },
      'systemFields[0].endpointType',
      'NotAllowed',
    ],
    [
      'an unknown endpointType',
      { endpointFields: [{ name: 'A', type: 'String', endpointType: 'Robot' }] },
      'endpointFields[0].endpointType',
      'Enum',
    ],
    [
      'a defaultValue that is not a Value',
      { customerFields: [{ name: 'A', type: 'String', defaultValue: { stringValue: 3 } }] },
      'customerFields[0].defaultValue.stringValue',
      'Invalid',
    ],
    [
      'a defaultValue with a foreign key',
      { endpointFields: [{ name: 'A', type: 'String', defaultValue: { text: 'x' } }] },
      'endpointFields[0].defaultValue.text',
      'Invalid',
    ],
    ['a field that is not an object', { customerFields: ['Tier'] }, 'customerFields[0]', 'Invalid'],
    ['a list that is not a list', { systemFields: { name: 'A', type: 'String' } }, 'systemFields', 'Invalid'],
  ])('refuses %s with a 400 naming the field, storing nothing', async (_case, body, fieldName, errorCode) => {
    const before = await settings();
    // A valid list beside the bad one is not stored either.
    const res = await patch({ customerFields: [{ name: 'Fresh', type: 'String' }], ...body });
    expect({ status: res.status, error: res.body.responseStatus.errors[0] }).toMatchObject({
      status: 400,
      error: { fieldName, errorCode },
    });
    expect(await settings()).toEqual(before);
  });

  it('changes neither the tags nor the fields when one of them is invalid', async () => {
    const before = await settings();
    const tags = [{ name: 'Only', color: 'Red' }];
    const badField = await patch({ tags, endpointFields: [{ name: 'A', type: 'Transition' }] });
    expect(badField.status).toBe(400);
    expect(badField.body.responseStatus.errors[0].fieldName).toBe('endpointFields[0].type');

    const badTags = await patch({
      tags: [...tags, { name: 'Only', color: 'Blue' }],
      customerFields: [{ name: 'Lost', type: 'String' }],
    });
    expect(badTags.status).toBe(400);
    expect(badTags.body.responseStatus.errors[0].fieldName).toBe('tags[1].name');
    expect(await settings()).toEqual(before);

    // Both valid: both change, in one request.
    const both = await ok(patch({ tags, customerFields: [{ name: 'Kept', type: 'String' }] }));
    expect(both.tags.map((x: { name: string }) => x.name)).toEqual(['Only']);
    expect(both.customerFields).toEqual([{ name: 'Kept', type: 'String' }]);
  });

  it('another tenant can neither read nor change the fields; Customers cannot write them', async () => {
    await ok(patch({ systemFields: [region] }));
    const before = await settings();
    const read = await t.request('GET', `/system/settings?accountId=${tenant.accountId}`, {
      token: other.managerToken,
    });
    expect(read.status).toBe(400);
    expect(read.body.responseStatus.errors[0].fieldName).toBe('accountId');
    expect(JSON.stringify(read.body)).not.toContain('Region');
    const write = await patch({ systemFields: [] }, other.managerToken);
    expect(write.status).toBe(400);
    expect(write.body.responseStatus.errors[0].fieldName).toBe('accountId');
    const customer = await patch({ systemFields: [] }, tenant.customerToken);
    expect(customer.status).toBe(403);
    expect(await settings()).toEqual(before);
    // The other tenant's own settings are its own.
    expect((await settings(other.managerToken, other.accountId)).systemFields).toEqual([]);
  });

  it('deleting an account deletes its custom fields', async () => {
    const doomed = await createTenant(t);
    await ok(
      t.request('PATCH', '/system/settings', {
        token: doomed.managerToken,
        body: { customerFields: [tier], endpointFields: [extension], systemFields: [region] },
      }),
    );
    const rows = t.app.get(DataSource).getRepository(CustomFieldEntity);
    expect(await rows.countBy({ accountId: doomed.accountId })).toBe(3);
    const admin = await t.adminToken();
    expect((await t.request('DELETE', `/accounts/${doomed.accountId}`, { token: admin })).status).toBe(204);
    expect(await rows.countBy({ accountId: doomed.accountId })).toBe(0);
    expect(await rows.countBy({ accountId: tenant.accountId })).toBeGreaterThan(0);
  }, 60_000);

  describe('CustomFieldsService.merge (flow package import)', () => {
    let account: Tenant;
    /** Merges the lists given (the others empty), as a flow package's JSON holds them. */
    const merge = (incoming: Partial<Record<keyof AccountCustomFields, object[]>>) => {
      const lists = { customerFields: [], endpointFields: [], systemFields: [], ...incoming };
      const fields = t.app.get(CustomFieldsService);
      return t.app
        .get(TransactionRunner)
        .run((m) => fields.merge(m, account.accountId, lists as unknown as AccountCustomFields, 'package.'));
    };
    const fieldErrors = async (promise: Promise<unknown>) => {
      const error = await promise.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ValidationFailedError);
      return (error as ValidationFailedError).fieldErrors.map((e) => [e.fieldName, e.errorCode]);
    };

    beforeAll(async () => {
      account = await createTenant(t);
      await ok(
        t.request('PATCH', '/system/settings', {
          token: account.managerToken,
          body: {
            customerFields: [{ name: 'Tier', type: 'String', description: 'mine' }],
            endpointFields: [extension],
          },
        }),
      );
    }, 60_000);

    it('adds the fields the account lacks at the end of their lists and keeps the ones it has', async () => {
      const plan = { name: 'Plan', type: 'Boolean', fromPackage: true };
      const added = await merge({
        customerFields: [{ name: 'tier', type: 'String', description: 'theirs' }, plan],
        endpointFields: [{ ...extension, name: 'EXTENSION', unknownFlag: true }],
        systemFields: [region],
      });
      expect(added).toEqual({ customerFields: [plan], endpointFields: [], systemFields: [region] });
      expect(await settings(account.managerToken, account.accountId)).toMatchObject({
        customerFields: [{ name: 'Tier', type: 'String', description: 'mine' }, plan],
        endpointFields: [extension],
        systemFields: [region],
      });
      // Merging the same package again adds nothing.
      expect(await merge({ customerFields: [plan], systemFields: [region] })).toEqual({
        customerFields: [],
        endpointFields: [],
        systemFields: [],
      });
    });

    it('refuses a field whose type or endpointType differs from the account’s, adding nothing', async () => {
      const before = await settings(account.managerToken, account.accountId);
      expect(
        await fieldErrors(
          merge({
            customerFields: [
              { name: 'New', type: 'String' },
              { name: 'TIER', type: 'Number' },
            ],
            endpointFields: [{ name: 'extension', type: 'Number', endpointType: 'PhoneNumber' }],
          }),
        ),
      ).toEqual([
        ['package.customerFields[1].type', 'Conflict'],
        ['package.endpointFields[0].endpointType', 'Conflict'],
      ]);
      expect(await fieldErrors(merge({ endpointFields: [{ name: 'Extension', type: 'Number' }] }))).toEqual([
        ['package.endpointFields[0].endpointType', 'Conflict'],
      ]);
      // And validates what it is given, naming it under the prefix.
      expect(await fieldErrors(merge({ systemFields: [{ name: 'Bad', type: 'Transition' }] }))).toEqual([
        ['package.systemFields[0].type', 'Invalid'],
      ]);
      expect(await settings(account.managerToken, account.accountId)).toEqual(before);
    });
  });
});
