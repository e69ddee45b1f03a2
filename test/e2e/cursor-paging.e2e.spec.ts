import { createTenant, nextNumber, ok, Tenant } from '../factories/tenant';
import { startApp, TestApp } from '../helpers/test-app';

interface ListPage {
  items: { id: string; displayName?: string }[];
  totalCount: number;
  totalPages: number;
  hasMorePages: boolean;
  nextCursor: string | null;
}

const PAGE_SIZE = 7;
const TIED_NAME = 'Shared name';

/** The JSON inside a cursor (signed in `s`), to forge and tamper with: the server must refuse what it did not issue. */
const forge = (json: unknown): string => Buffer.from(JSON.stringify(json), 'utf8').toString('base64url');
const unforge = (cursor: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('keyset (cursor) paging of lists', () => {
  let t: TestApp;
  let tenant: Tenant;
  let other: Tenant;
  /** The ids of `tenant`'s endpoints; TIED_NAME ones are the ten that share a displayName. */
  const endpointIds: string[] = [];
  const tiedIds: string[] = [];
  const otherIds: string[] = [];

  const get = (path: string, query: string, token = tenant.managerToken) =>
    t.request('GET', `${path}?${query}`, { token });
  const getOk = (path: string, query: string, token = tenant.managerToken) =>
    ok<ListPage>(get(path, query, token));
  const ids = (page: ListPage) => page.items.map((x) => x.id);
  const buyVirtual = async (token: string, displayName?: string): Promise<string> => {
    const body = { number: nextNumber(), isVirtualPhoneNumber: true };
    const endpoint = await ok(t.request('POST', '/endpoints/phone-numbers', { token, body }));
    if (displayName)
      await ok(t.request('PATCH', `/endpoints/${endpoint.id}`, { token, body: { displayName } }));
    return endpoint.id as string;
  };

  /** Every page by page number; each page that has a successor carries a cursor to it. */
  async function walkByPage(path: string, query: string, token?: string): Promise<string[]> {
    const seen: string[] = [];
    for (let page = 0; ; page++) {
      const body = await getOk(path, `${query}&countPerPage=${PAGE_SIZE}&page=${page}`, token);
      expect(typeof body.nextCursor).toBe(body.hasMorePages ? 'string' : 'object');
      seen.push(...ids(body));
      if (!body.hasMorePages) return seen;
    }
  }

  /** Every page by following nextCursor from the first page; checks the counters on the way. */
  async function walkByCursor(path: string, query: string, token?: string): Promise<string[]> {
    const first = await getOk(path, `${query}&countPerPage=${PAGE_SIZE}`, token);
    const seen = ids(first);
    let body = first;
    while (body.hasMorePages) {
      expect(body.items).toHaveLength(PAGE_SIZE);
      const cursor = encodeURIComponent(body.nextCursor!);
      // page is ignored once a cursor is given.
      body = await getOk(path, `${query}&countPerPage=${PAGE_SIZE}&page=3&cursor=${cursor}`, token);
      expect(body).toMatchObject({ totalCount: first.totalCount, totalPages: first.totalPages });
      seen.push(...ids(body));
    }
    expect(body.nextCursor).toBeNull();
    return seen;
  }

  beforeAll(async () => {
    t = await startApp();
    tenant = await createTenant(t);
    other = await createTenant(t);
    for (let i = 0; i < 24; i++) endpointIds.push(await buyVirtual(tenant.managerToken));
    for (let i = 0; i < 10; i++) {
      const id = await buyVirtual(tenant.managerToken, TIED_NAME);
      endpointIds.push(id);
      tiedIds.push(id);
    }
    for (let i = 0; i < 9; i++) otherIds.push(await buyVirtual(other.managerToken));
  }, 180_000);
  afterAll(() => t?.close());

  describe('GET /endpoints', () => {
    it.each([
      ['displayName (the default)', ''],
      ['displayName', 'sortField=displayName&sortOrder=Ascend'],
      ['displayName', 'sortOrder=Descend'],
      ['dateCreated', 'sortField=dateCreated&sortOrder=Ascend'],
      ['dateCreated', 'sortField=dateCreated&sortOrder=Descend'],
      ['id', 'sortField=id&sortOrder=Ascend'],
      ['id', 'sortField=id&sortOrder=Descend'],
    ])('walks by %s (%s) by cursor to the same ids, in the same order, as by page', async (_, query) => {
      const byPage = await walkByPage('/endpoints', query);
      const byCursor = await walkByCursor('/endpoints', query);
      expect(byCursor).toEqual(byPage);
      // Exactly the tenant's endpoints: no gaps, no duplicates, nothing of another tenant.
      expect([...byCursor].sort()).toEqual([...endpointIds].sort());
    });

    it('breaks displayName ties by id, across page boundaries, in either order', async () => {
      const ascend = (await walkByCursor('/endpoints', '')).filter((id) => tiedIds.includes(id));
      expect(ascend).toEqual([...tiedIds].sort());
      const descend = (await walkByCursor('/endpoints', 'sortOrder=Descend')).filter((id) =>
        tiedIds.includes(id),
      );
      expect(descend).toEqual([...tiedIds].sort().reverse());
    });

    it('continues by cursor from any page-number page, with or without counting', async () => {
      const second = await getOk('/endpoints', `countPerPage=${PAGE_SIZE}&page=1`);
      const third = await getOk('/endpoints', `countPerPage=${PAGE_SIZE}&page=2`);
      const next = await getOk(
        '/endpoints',
        `countPerPage=${PAGE_SIZE}&cursor=${second.nextCursor}&simplifiedPaging=true`,
      );
      expect(ids(next)).toEqual(ids(third));
      expect(next).toMatchObject({ totalCount: 0, totalPages: 0, hasMorePages: true });
      expect(typeof next.nextCursor).toBe('string');
    });

    it('answers no cursor when all=true returns everything', async () => {
      const all = await getOk('/endpoints', 'all=true');
      expect(all).toMatchObject({ totalCount: endpointIds.length, hasMorePages: false, nextCursor: null });
    });

    it('refuses a cursor issued for another sortField or sortOrder, naming cursor', async () => {
      const byDate = await getOk('/endpoints', 'sortField=dateCreated&countPerPage=2');
      const descending = await getOk('/endpoints', 'sortOrder=Descend&countPerPage=2');
      for (const query of [
        `cursor=${byDate.nextCursor}`,
        `sortField=displayName&cursor=${byDate.nextCursor}`,
        `sortField=dateCreated&sortOrder=Descend&cursor=${byDate.nextCursor}`,
        `cursor=${descending.nextCursor}`,
        `sortOrder=Ascend&cursor=${descending.nextCursor}`,
      ]) {
        const res = await get('/endpoints', query);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(res.body.responseStatus.errors[0]).toMatchObject({ fieldName: 'cursor' });
        expect(res.body.responseStatus.errors[0].message).toMatch(/sortField=\w+ and sortOrder=\w+/);
      }
    });

    it('refuses a malformed or tampered cursor, naming cursor', async () => {
      const issued = (await getOk('/endpoints', 'countPerPage=2')).nextCursor!;
      const json = unforge(issued);
      expect(Object.keys(json).sort()).toEqual(['f', 'i', 'o', 's', 'v']);
      const withoutId = { ...json };
      delete withoutId.i;
      for (const cursor of [
        '',
        'garbage!',
        `${issued}=`,
        issued.slice(0, -3),
        Buffer.from('not json').toString('base64url'),
        forge([json.f, json.o, json.v, json.i]),
        forge(withoutId),
        forge({ ...json, extra: 1 }),
        forge({ ...json, v: { $gt: '' } }),
        forge({ ...json, v: null }),
        forge({ ...json, i: 7 }),
        forge({ ...json, o: 'Sideways' }),
        'A'.repeat(5000),
      ]) {
        const res = await get('/endpoints', `cursor=${encodeURIComponent(cursor)}`);
        expect({ cursor, status: res.status }).toEqual({ cursor, status: 400 });
        expect(res.body.responseStatus.errors[0].fieldName).toBe('cursor');
      }
    });

    it('refuses a cursor it did not issue, even one holding a valid position, naming cursor', async () => {
      const issued = (await getOk('/endpoints', 'countPerPage=2')).nextCursor!;
      expect((await get('/endpoints', `cursor=${issued}`)).status).toBe(200);
      const bytes = Buffer.from(issued, 'base64url');
      const flipped = Buffer.from(bytes);
      flipped[flipped.length - 1] ^= 1;
      for (const cursor of [
        // The JSON a cursor of this server held before cursors were signed, for a real row of the list.
        forge({ f: 'displayName', o: 'Ascend', v: '', i: endpointIds[0] }),
        // An issued cursor with one bit changed, or cut short.
        flipped.toString('base64url'),
        bytes.subarray(0, bytes.length - 1).toString('base64url'),
        bytes.subarray(1).toString('base64url'),
      ]) {
        const res = await get('/endpoints', `cursor=${cursor}`);
        expect({ cursor, status: res.status }).toEqual({ cursor, status: 400 });
        expect(res.body.responseStatus.errors[0]).toMatchObject({
          fieldName: 'cursor',
          message: expect.stringContaining('not a cursor this server issued'),
        });
      }
    });

    it('takes no cursor when sorting by a field that may be empty, and answers none', async () => {
      const issued = (await getOk('/endpoints', 'countPerPage=2')).nextCursor!;
      for (const sortField of ['phoneNumber', 'referenceId']) {
        const page = await getOk('/endpoints', `sortField=${sortField}&countPerPage=2`);
        expect(page).toMatchObject({ hasMorePages: true, nextCursor: null });
        const own = forge({ ...unforge(issued), f: sortField });
        for (const cursor of [issued, own]) {
          const res = await get('/endpoints', `sortField=${sortField}&cursor=${cursor}`);
          expect(res.status).toBe(400);
          expect(res.body.responseStatus.errors[0]).toMatchObject({
            fieldName: 'cursor',
            message: expect.stringContaining('displayName, type, dateCreated, dateLastModified, id'),
          });
        }
      }
    });

    it('treats a cursor as a position only: another tenant’s cursor pages within the caller’s tenant', async () => {
      const own = await walkByPage('/endpoints', '');
      const foreign = await getOk('/endpoints', 'countPerPage=3', other.managerToken);
      const page = await getOk('/endpoints', `countPerPage=50&cursor=${foreign.nextCursor!}`);
      expect(page.totalCount).toBe(endpointIds.length);
      // A tail of the caller's own list: nothing of the other tenant, no gap.
      expect(own.slice(own.length - page.items.length)).toEqual(ids(page));
      expect(ids(page).filter((id) => otherIds.includes(id))).toEqual([]);
      // A position the server did not issue (the other tenant's row, a value written to look like SQL)
      // is refused before it is read.
      for (const cursor of [
        forge({ ...unforge(foreign.nextCursor!), v: foreign.items[0].displayName, i: foreign.items[0].id }),
        forge({ ...unforge(foreign.nextCursor!), v: "' OR 1=1 --" }),
      ]) {
        const res = await get('/endpoints', `countPerPage=50&cursor=${cursor}`);
        expect(res.status).toBe(400);
        expect(res.body.responseStatus.errors[0].fieldName).toBe('cursor');
      }
    });

    it('is not shifted by an item inserted before the cursor position (page numbers are)', async () => {
      const own = await createTenant(t);
      const token = own.managerToken;
      for (let i = 0; i < 2 * PAGE_SIZE + 1; i++) await buyVirtual(token);
      const first = await getOk('/endpoints', `countPerPage=${PAGE_SIZE}`, token);
      const second = await getOk('/endpoints', `countPerPage=${PAGE_SIZE}&page=1`, token);

      const inserted = await buyVirtual(token, '+0000 sorts first');
      expect(ids(await getOk('/endpoints', `countPerPage=${PAGE_SIZE}`, token))[0]).toBe(inserted);

      const byCursor = await getOk(
        '/endpoints',
        `countPerPage=${PAGE_SIZE}&cursor=${first.nextCursor}`,
        token,
      );
      expect(ids(byCursor)).toEqual(ids(second));
      const byPage = await getOk('/endpoints', `countPerPage=${PAGE_SIZE}&page=1`, token);
      expect(ids(byPage)).toEqual([first.items[PAGE_SIZE - 1].id, ...ids(second).slice(0, -1)]);
    });
  });

  describe('every list', () => {
    it('GET /tags walks by cursor like by page', async () => {
      for (let i = 0; i < 12; i++)
        await ok(
          t.request('POST', '/tags', {
            token: tenant.managerToken,
            body: { accountId: tenant.accountId, name: `Tag ${String(i).padStart(2, '0')}`, color: 'Green' },
          }),
        );
      for (const query of ['', 'sortOrder=Descend', 'sortField=color', 'sortField=id&sortOrder=Descend']) {
        const byPage = await walkByPage('/tags', query);
        expect(byPage).toHaveLength(14);
        expect(await walkByCursor('/tags', query)).toEqual(byPage);
      }
    });

    it('GET /customers takes no cursor with the nullable referenceId', async () => {
      const issued = forge({ f: 'referenceId', o: 'Ascend', v: 'x', i: tenant.customerId });
      const res = await get('/customers', `sortField=referenceId&cursor=${issued}`);
      expect(res.status).toBe(400);
      expect(res.body.responseStatus.errors[0]).toMatchObject({
        fieldName: 'cursor',
        message: expect.stringContaining('name, dateCreated, dateLastModified, id'),
      });
    });
  });
});
