import { createTenant, nextNumber, ok, Tenant } from '../factories/tenant';
import { startApp, TestApp } from '../helpers/test-app';

const names = (page: { items: { name: string }[] }) => page.items.map((x) => x.name);

describe('tags (ListTags, NewTag, GetTag, PatchTag, DeleteTag) and system settings', () => {
  let t: TestApp;
  let tenant: Tenant;
  let other: Tenant;

  beforeAll(async () => {
    t = await startApp();
    tenant = await createTenant(t);
    other = await createTenant(t);
  }, 180_000);
  afterAll(() => t?.close());

  const newTag = (body: Record<string, unknown>, token = tenant.managerToken) =>
    t.request('POST', '/tags', { token, body: { accountId: tenant.accountId, ...body } });

  it('creates, reads and lists tags, filtering by nameFilter and accountIds, with paging', async () => {
    const created = await ok(newTag({ name: 'Support Team', color: 'Green' }));
    expect(created).toEqual({ id: expect.any(String), name: 'Support Team', color: 'Green' });
    expect(await ok(t.request('GET', `/tags/${created.id}`, { token: tenant.customerToken }))).toEqual(
      created,
    );

    const all = await ok(t.request('GET', '/tags', { token: tenant.managerToken }));
    expect(all).toMatchObject({ totalCount: 3, totalPages: 1, hasMorePages: false });
    expect(names(all)).toEqual(['Sales', 'Support Team', 'VIP']);

    const filtered = await ok(t.request('GET', '/tags?nameFilter=sUPport', { token: tenant.managerToken }));
    expect(names(filtered)).toEqual(['Support Team']);

    const page = await ok(
      t.request('GET', '/tags?countPerPage=2&page=1&sortOrder=Descend', { token: tenant.managerToken }),
    );
    expect(page).toMatchObject({ totalCount: 3, totalPages: 2, hasMorePages: false });
    expect(names(page)).toEqual(['Sales']);

    const admin = await t.adminToken();
    const both = await ok(
      t.request(
        'GET',
        `/tags?accountIds=${tenant.accountId}&accountIds=${other.accountId}&countPerPage=100`,
        { token: admin },
      ),
    );
    expect(both.totalCount).toBe(5);
    expect(
      (await t.request('GET', '/tags?sortField=accountId', { token: admin })).body.responseStatus.errors[0]
        .fieldName,
    ).toBe('sortField');
  });

  it('refuses invalid tags naming the field, and a duplicate name in the account with a 409 naming name', async () => {
    const bad = await newTag({ name: 'X', color: 'Pink' });
    expect(bad.status).toBe(400);
    expect(bad.body.responseStatus.errors[0].fieldName).toBe('color');
    const empty = await newTag({ name: '', color: 'Red' });
    expect(empty.body.responseStatus.errors[0].fieldName).toBe('name');
    const dup = await newTag({ name: 'VIP', color: 'Red' });
    expect(dup.status).toBe(409);
    expect(dup.body.responseStatus.errors[0].fieldName).toBe('name');
    // Another account may use the same name.
    await ok(
      t.request('POST', '/tags', { token: other.managerToken, body: { name: 'Support Team', color: 'Red' } }),
    );
  });

  it('patches name and color; a rename onto an existing name is a 409', async () => {
    const tag = await ok(newTag({ name: 'Temp', color: 'Lime' }));
    expect(
      await ok(
        t.request('PATCH', `/tags/${tag.id}`, { token: tenant.managerToken, body: { color: 'Purple' } }),
      ),
    ).toEqual({
      ...tag,
      color: 'Purple',
    });
    const renamed = await ok(
      t.request('PATCH', `/tags/${tag.id}`, { token: tenant.managerToken, body: { name: 'Kept' } }),
    );
    expect(renamed.name).toBe('Kept');
    const clash = await t.request('PATCH', `/tags/${tag.id}`, {
      token: tenant.managerToken,
      body: { name: 'Sales' },
    });
    expect(clash.status).toBe(409);
    expect(clash.body.responseStatus.errors[0].fieldName).toBe('name');
    const bad = await t.request('PATCH', `/tags/${tag.id}`, {
      token: tenant.managerToken,
      body: { color: 'Beige' },
    });
    expect(bad.body.responseStatus.errors[0].fieldName).toBe('color');
  });

  it('another tenant can neither read, change nor delete a tag (404), and Customers cannot write (403)', async () => {
    const [tagId] = tenant.tagIds;
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { name: 'Owned' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await t.request(method, `/tags/${tagId}`, { token: other.managerToken, body });
      expect({ method, status: res.status }).toEqual({ method, status: 404 });
    }
    const customer = await t.request('PATCH', `/tags/${tagId}`, {
      token: tenant.customerToken,
      body: { name: 'x' },
    });
    expect(customer.status).toBe(403);
    expect((await ok(t.request('GET', `/tags/${tagId}`, { token: tenant.managerToken }))).name).toBe('Sales');
  });

  it('deleting a tag removes it from every endpoint, customer and flow that carries it', async () => {
    const tag = await ok(newTag({ name: 'Doomed', color: 'Red' }));
    const endpoint = await ok(
      t.request('POST', '/endpoints/phone-numbers', {
        token: tenant.managerToken,
        body: { number: nextNumber(), isVirtualPhoneNumber: true, tagIds: [tag.id, tenant.tagIds[0]] },
      }),
    );
    await ok(
      t.request('PATCH', `/customers/${tenant.customerId}`, {
        token: tenant.managerToken,
        body: { tagIds: [tag.id] },
      }),
    );
    await ok(
      t.request('PATCH', `/flows/${tenant.flowId}`, {
        token: tenant.managerToken,
        body: { tagIds: [tag.id] },
      }),
    );

    const res = await t.request('DELETE', `/tags/${tag.id}`, { token: tenant.managerToken });
    expect(res.status).toBe(204);
    expect((await t.request('GET', `/tags/${tag.id}`, { token: tenant.managerToken })).status).toBe(404);
    const e = await ok(t.request('GET', `/endpoints/${endpoint.id}`, { token: tenant.managerToken }));
    expect(e.tags.map((x: any) => x.id)).toEqual([tenant.tagIds[0]]);
    expect(
      (await ok(t.request('GET', `/customers/${tenant.customerId}`, { token: tenant.managerToken }))).tags,
    ).toEqual([]);
    expect(
      (await ok(t.request('GET', `/flows/${tenant.flowId}`, { token: tenant.managerToken }))).tags,
    ).toEqual([]);
  });

  describe('GET/PATCH /system/settings', () => {
    it('serves the account’s tag catalogue', async () => {
      const settings = await ok(
        t.request('GET', `/system/settings?accountId=${tenant.accountId}`, { token: tenant.customerToken }),
      );
      expect(settings.accountId).toBe(tenant.accountId);
      const listed = await ok(t.request('GET', '/tags?all=true', { token: tenant.managerToken }));
      expect(settings.tags).toEqual(listed.items);
    });

    it('replaces the catalogue: updates listed tags, creates new ones, deletes the rest (and their links)', async () => {
      const before = await ok(t.request('GET', '/system/settings', { token: tenant.managerToken }));
      const sales = before.tags.find((x: any) => x.name === 'Sales');
      const vip = before.tags.find((x: any) => x.name === 'VIP');
      const endpoint = await ok(
        t.request('POST', '/endpoints/phone-numbers', {
          token: tenant.managerToken,
          body: { number: nextNumber(), isVirtualPhoneNumber: true, tagIds: [sales.id, vip.id] },
        }),
      );
      // Swapping two names in one request works (no transient clash).
      const after = await ok(
        t.request('PATCH', '/system/settings', {
          token: tenant.managerToken,
          body: {
            tags: [
              { id: sales.id, name: 'VIP', color: 'Gold' },
              { id: vip.id, name: 'Sales', color: 'Blue' },
              { name: 'New One', color: 'Cyan' },
            ],
          },
        }),
      );
      expect(after.tags.map((x: any) => [x.name, x.color])).toEqual([
        ['New One', 'Cyan'],
        ['Sales', 'Blue'],
        ['VIP', 'Gold'],
      ]);
      expect(after.tags.find((x: any) => x.name === 'VIP').id).toBe(sales.id);
      const e = await ok(t.request('GET', `/endpoints/${endpoint.id}`, { token: tenant.managerToken }));
      expect(e.tags.map((x: any) => x.name).sort()).toEqual(['Sales', 'VIP']);

      const shrunk = await ok(
        t.request('PATCH', '/system/settings', {
          token: tenant.managerToken,
          body: { tags: [{ id: vip.id, name: 'Sales', color: 'Blue' }] },
        }),
      );
      expect(shrunk.tags.map((x: any) => x.id)).toEqual([vip.id]);
      const e2 = await ok(t.request('GET', `/endpoints/${endpoint.id}`, { token: tenant.managerToken }));
      expect(e2.tags.map((x: any) => x.id)).toEqual([vip.id]);
    });

    it('refuses duplicates, foreign tag ids and bad colors naming the item, changing nothing', async () => {
      const before = await ok(t.request('GET', '/system/settings', { token: tenant.managerToken }));
      for (const [tags, field] of [
        [
          [
            { name: 'A', color: 'Red' },
            { name: 'A', color: 'Blue' },
          ],
          'tags[1].name',
        ],
        [[{ id: other.tagIds[0], name: 'Stolen', color: 'Red' }], 'tags[0].id'],
        [[{ name: 'B', color: 'Plaid' }], 'tags[0].color'],
      ] as const) {
        const res = await t.request('PATCH', '/system/settings', {
          token: tenant.managerToken,
          body: { tags },
        });
        expect({ field, status: res.status }).toEqual({ field, status: 400 });
        expect(res.body.responseStatus.errors[0].fieldName).toBe(field);
      }
      expect(await ok(t.request('GET', '/system/settings', { token: tenant.managerToken }))).toEqual(before);
    });

    it('another tenant can neither read nor replace the catalogue; Customers cannot write it', async () => {
      const read = await t.request('GET', `/system/settings?accountId=${tenant.accountId}`, {
        token: other.managerToken,
      });
      expect(read.status).toBe(400);
      expect(read.body.responseStatus.errors[0].fieldName).toBe('accountId');
      const write = await t.request('PATCH', '/system/settings', {
        token: other.managerToken,
        body: { accountId: tenant.accountId, tags: [] },
      });
      expect(write.status).toBe(400);
      const customer = await t.request('PATCH', '/system/settings', {
        token: tenant.customerToken,
        body: { tags: [] },
      });
      expect(customer.status).toBe(403);
      expect(
        (await ok(t.request('GET', '/system/settings', { token: tenant.managerToken }))).tags.length,
      ).toBeGreaterThan(0);
    });
  });
});
