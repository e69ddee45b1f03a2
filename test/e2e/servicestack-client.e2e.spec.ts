import { JwtService } from '@nestjs/jwt';
import { IReturn, JsonServiceClient, ResponseStatus } from '@servicestack/client';
import { createTenant, nextNumber, ok, Tenant } from '../factories/tenant';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startApp, TestApp } from '../helpers/test-app';

/*
 * Request and response DTOs as ServiceStack's "Add ServiceStack Reference" generates them for
 * TypeScript (`/types/typescript`): the client takes the route from `getTypeName()` and the HTTP
 * method from `getMethod()`.
 */
type Struct = { [key: string]: { stringValue?: string; numberValue?: number; boolValue?: boolean } };

class EndpointInfo {
  id?: string;
  accountId?: string;
  customerId?: string;
  phoneNumber?: string;
  isVirtualPhoneNumber?: boolean;
  tags?: Tag[];
  data?: Struct;
  constructor(init?: Partial<EndpointInfo>) {
    Object.assign(this, init);
  }
}

class BuyPhoneNumber implements IReturn<EndpointInfo> {
  accountId?: string;
  customerId?: string;
  number?: string;
  isVirtualPhoneNumber?: boolean;
  isFaxNumber?: boolean;
  addressSid?: string;
  tagIds?: string[];
  data?: Struct;
  flowId?: string;
  flowParams?: Struct;
  constructor(init?: Partial<BuyPhoneNumber>) {
    Object.assign(this, init);
  }
  getTypeName() {
    return 'BuyPhoneNumber';
  }
  getMethod() {
    return 'POST';
  }
  createResponse() {
    return new EndpointInfo();
  }
}

class Tag {
  id?: string;
  name?: string;
  color?: string;
}

class ListResponse<T> {
  items: T[];
  totalCount: number;
  totalPages: number;
  hasMorePages: boolean;
}

class ListTags implements IReturn<ListResponse<Tag>> {
  accountIds?: string[];
  constructor(init?: Partial<ListTags>) {
    Object.assign(this, init);
  }
  getTypeName() {
    return 'ListTags';
  }
  getMethod() {
    return 'GET';
  }
  createResponse() {
    return new ListResponse<Tag>();
  }
}

class AccountInfo {
  id?: string;
  name?: string;
}

class GetAccount implements IReturn<AccountInfo> {
  accountId?: string;
  constructor(init?: Partial<GetAccount>) {
    Object.assign(this, init);
  }
  getTypeName() {
    return 'GetAccount';
  }
  getMethod() {
    return 'GET';
  }
  createResponse() {
    return new AccountInfo();
  }
}

class NewAccount implements IReturn<AccountInfo> {
  name?: string;
  constructor(init?: Partial<NewAccount>) {
    Object.assign(this, init);
  }
  getTypeName() {
    return 'NewAccount';
  }
  getMethod() {
    return 'POST';
  }
  createResponse() {
    return new AccountInfo();
  }
}

class UserInfo {
  id?: string;
  emailAddress?: string;
  roles?: string[];
}

class GetAuthStatus implements IReturn<UserInfo> {
  getTypeName() {
    return 'GetAuthStatus';
  }
  getMethod() {
    return 'GET';
  }
  createResponse() {
    return new UserInfo();
  }
}

class AuthenticateResponse {
  userId?: string;
  sessionId?: string;
  bearerToken?: string;
  refreshToken?: string;
}

class Authenticate implements IReturn<AuthenticateResponse> {
  provider?: string;
  userName?: string;
  password?: string;
  rememberMe?: boolean;
  constructor(init?: Partial<Authenticate>) {
    Object.assign(this, init);
  }
  getTypeName() {
    return 'Authenticate';
  }
  getMethod() {
    return 'POST';
  }
  createResponse() {
    return new AuthenticateResponse();
  }
}

class Logout implements IReturn<object> {
  getTypeName() {
    return 'Logout';
  }
  getMethod() {
    return 'POST';
  }
  createResponse() {
    return {};
  }
}

/** What the client throws for an error response: the body, with its `responseStatus`. */
const statusOf = async (promise: Promise<unknown>): Promise<ResponseStatus> => {
  try {
    await promise;
  } catch (error) {
    return (error as { responseStatus: ResponseStatus }).responseStatus;
  }
  throw new Error('expected the call to fail');
};

describe('@servicestack/client JsonServiceClient against the running app', () => {
  let t: TestApp;
  let tenant: Tenant;
  let other: Tenant;
  let managerEmail: string;

  beforeAll(async () => {
    t = await startApp();
    tenant = await createTenant(t);
    other = await createTenant(t);
    managerEmail = tenant.managerEmail;
  });
  afterAll(() => t?.close());

  /** A client as a customer would configure it: the base URL and a bearer token. */
  const client = (token?: string): JsonServiceClient => {
    const c = new JsonServiceClient(t.baseUrl);
    if (token) c.bearerToken = token;
    return c;
  };

  it('buys a number with client.post(dto) through /api/BuyPhoneNumber', async () => {
    const urls: string[] = [];
    const c = client(tenant.managerToken);
    c.urlFilter = (url) => urls.push(url);
    const number = nextNumber();
    const endpoint = await c.post(
      new BuyPhoneNumber({
        number,
        tagIds: [tenant.tagIds[0]],
        data: { Region: { stringValue: 'West' } },
      }),
    );
    expect(urls).toEqual([`${t.baseUrl}/api/BuyPhoneNumber`]);
    expect(endpoint).toMatchObject({
      accountId: tenant.accountId,
      phoneNumber: number,
      data: { Region: { stringValue: 'West' } },
    });
    expect(endpoint.tags!.map((tag) => tag.id)).toEqual([tenant.tagIds[0]]);
  });

  it('buys a number with client.api(dto), answering an ApiResult', async () => {
    const number = nextNumber();
    const result = await client(tenant.managerToken).api(new BuyPhoneNumber({ number }));
    expect(result.succeeded).toBe(true);
    expect(result.response!.phoneNumber).toBe(number);
  });

  it('surfaces a validation failure as a ResponseStatus with the field error', async () => {
    const result = await client(tenant.managerToken).api(new BuyPhoneNumber({ number: '12345' }));
    expect(result.succeeded).toBe(false);
    expect(result.errorCode).toBe('InvalidPhoneNumber');
    expect(result.hasFieldError('number')).toBe(true);
    expect(result.fieldError('number').errorCode).toBe('InvalidPhoneNumber');

    const thrown = await statusOf(client(tenant.managerToken).post(new BuyPhoneNumber({})));
    expect(thrown.errors![0]).toMatchObject({ fieldName: 'number', errorCode: 'NotEmpty' });
  });

  it('gets a 401 ResponseStatus without credentials, and a 403 without the role', async () => {
    const result = await client().api(new BuyPhoneNumber({ number: nextNumber() }));
    expect(result.errorCode).toBe('Unauthorized');
    const denied = await client(tenant.customerToken).api(new NewAccount({ name: 'Not mine to create' }));
    expect(denied.errorCode).toBe('Forbidden');
  });

  it('refreshes an expired bearer token with the refresh token, then retries', async () => {
    const session = await ok(
      t.request('POST', '/auth/credentials', { body: { userName: managerEmail, password: tenant.password } }),
    );
    const expired = await t.app
      .get(JwtService)
      .signAsync(
        { sub: session.userId, sid: session.sessionId, exp: Math.floor(Date.now() / 1000) - 60 },
        { algorithm: 'HS256' },
      );
    const c = client(expired);
    c.refreshToken = session.refreshToken;
    const urls: string[] = [];
    c.urlFilter = (url) => urls.push(url);

    const me = await c.get(new GetAuthStatus());
    expect(me.emailAddress).toBe(managerEmail);
    expect(c.bearerToken).not.toBe(expired);
    expect(c.bearerToken).toMatch(/^ey/);
    // the 401, then the retry (the refresh itself is posted to /api/GetAccessToken)
    expect(urls).toEqual([`${t.baseUrl}/api/GetAuthStatus`, `${t.baseUrl}/api/GetAuthStatus`]);

    const stale = client(expired);
    stale.refreshToken = 'evr_not-a-real-refresh-token';
    const failure = await stale.api(new GetAuthStatus());
    expect(failure.errorCode).toBe('Unauthorized');
  });

  it('uses the /json/reply/ routes with basePath = null', async () => {
    const c = client(tenant.managerToken);
    c.basePath = null;
    const urls: string[] = [];
    c.urlFilter = (url) => urls.push(url);
    const number = nextNumber();
    const endpoint = await c.post(new BuyPhoneNumber({ number }));
    expect(endpoint.phoneNumber).toBe(number);
    const account = await c.get(new GetAccount({ accountId: tenant.accountId }));
    expect(account.id).toBe(tenant.accountId);
    expect(urls[0]).toBe(`${t.baseUrl}/json/reply/BuyPhoneNumber`);
    expect(urls[1]).toBe(`${t.baseUrl}/json/reply/GetAccount?accountId=${tenant.accountId}`);
  });

  it('lists with a query: GET /api/ListTags?accountIds=... and the path parameter of GetAccount', async () => {
    const admin = client(await t.adminToken());
    const tags = await admin.get(new ListTags({ accountIds: [tenant.accountId, other.accountId] }));
    expect(tags.items.map((tag) => tag.id).sort()).toEqual([...tenant.tagIds, ...other.tagIds].sort());
    const mine = await admin.get(new ListTags({ accountIds: [tenant.accountId] }));
    expect(mine.items.map((tag) => tag.id).sort()).toEqual([...tenant.tagIds].sort());

    // A tenant's scope applies on the predefined routes as on the custom ones.
    const managerView = await client(tenant.managerToken).get(
      new ListTags({ accountIds: [other.accountId] }),
    );
    expect(managerView).toMatchObject({ items: [], totalCount: 0 });
    const foreign = await client(tenant.managerToken).api(new GetAccount({ accountId: other.accountId }));
    expect(foreign.errorCode).toBe('NotFound');
    const missing = await client(tenant.managerToken).api(new GetAccount({}));
    expect(missing.fieldError('accountId').errorCode).toBe('NotEmpty');
  });

  it('signs in with Authenticate and then works on the ss-id cookie alone, until logout', async () => {
    const c = client();
    const auth = await c.post(
      new Authenticate({ provider: 'credentials', userName: managerEmail, password: tenant.password }),
    );
    expect(auth.sessionId).toEqual(expect.any(String));
    expect(Object.keys(c.cookies)).toEqual(['ss-id']);
    expect(c.bearerToken).toBeUndefined();

    const me = await c.get(new GetAuthStatus());
    expect(me.emailAddress).toBe(managerEmail);
    const number = nextNumber();
    expect((await c.post(new BuyPhoneNumber({ number }))).phoneNumber).toBe(number);

    const cookie = { ...c.cookies['ss-id'] };
    await c.post(new Logout());
    const after = await c.api(new GetAuthStatus());
    expect(after.errorCode).toBe('Unauthorized');
    // Ended server-side: the old cookie, sent again, no longer works.
    c.cookies['ss-id'] = cookie;
    expect((await c.api(new GetAuthStatus())).errorCode).toBe('Unauthorized');
  });

  it('sets the persistent ss-pid cookie too with rememberMe, and accepts it alone', async () => {
    const c = client();
    await c.post(new Authenticate({ userName: managerEmail, password: tenant.password, rememberMe: true }));
    expect(Object.keys(c.cookies).sort()).toEqual(['ss-id', 'ss-pid']);
    delete c.cookies['ss-id'];
    expect((await c.get(new GetAuthStatus())).emailAddress).toBe(managerEmail);
  });

  it('authenticates every request with Basic credentials: user name and password, or an API key', async () => {
    const basic = client();
    basic.setCredentials(managerEmail, tenant.password);
    expect((await basic.get(new GetAuthStatus())).emailAddress).toBe(managerEmail);
    expect((await basic.get(new GetAuthStatus())).emailAddress).toBe(managerEmail);

    const key = await ok(
      t.request('POST', '/auth/api-keys', { token: tenant.managerToken, body: { name: 'ss' } }),
    );
    const withKey = client();
    withKey.setCredentials(key.key, undefined as unknown as string); // the client then sends "key:undefined"
    const number = nextNumber();
    expect((await withKey.post(new BuyPhoneNumber({ number }))).accountId).toBe(tenant.accountId);

    const wrong = client();
    wrong.setCredentials(managerEmail, 'not-the-password');
    expect((await wrong.api(new GetAuthStatus())).errorCode).toBe('Unauthorized');
  });

  it('signs in as an admin through /json/reply/Authenticate', async () => {
    const c = client();
    c.basePath = null;
    const auth = await c.post(new Authenticate({ userName: ADMIN_EMAIL, password: ADMIN_PASSWORD }));
    expect(auth.bearerToken).toMatch(/^ey/);
  });
});
