import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module';
import { configureApp, createFastifyAdapter } from '../../src/app.setup';
import { TelephonyProvider } from '../../src/telephony/telephony.provider';
import { createTestDatabase, TestDatabase } from './database';

export const ADMIN_EMAIL = 'admin@test.local';
export const ADMIN_PASSWORD = 'admin-password-for-tests';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  /** Send this exact text as the body instead of JSON. */
  rawBody?: string;
}

export interface TestApp {
  app: NestFastifyApplication;
  baseUrl: string;
  database: TestDatabase;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** Signs in and returns the bearer token. */
  login(userName: string, password: string): Promise<string>;
  adminToken(): Promise<string>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Replace the telephony adapter (e.g. with a provider that fails on demand). */
  provider?: TelephonyProvider;
  /**
   * Replace other providers: by a subclass (e.g. a store whose step fails on demand) or by a value
   * (e.g. the log destination).
   */
  overrides?: (
    | { provide: abstract new (...args: never[]) => unknown; useClass: new (...args: never[]) => unknown }
    | { provide: unknown; useValue: unknown }
  )[];
  /** Environment of the boot; a variable given as undefined is unset. */
  env?: Record<string, string | undefined>;
  /** Run on this database (shared with another instance) instead of a fresh one; it is not dropped on close. */
  database?: TestDatabase;
}

/**
 * Boots the real application (real module graph, pipes, guards, filters, Fastify) on a fresh
 * database and listens on a loopback port; requests go over real HTTP.
 */
export async function startApp(options: StartOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
    SEED_DEMO_TENANT: 'false',
    ...database.env,
    ...options.env,
  };
  const previous = { ...process.env };
  delete process.env.DATABASE_URL;
  delete process.env.SQLITE_PATH;
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }

  let builder = Test.createTestingModule({ imports: [AppModule] });
  if (options.provider) builder = builder.overrideProvider(TelephonyProvider).useValue(options.provider);
  for (const override of options.overrides ?? [])
    builder =
      'useClass' in override
        ? builder.overrideProvider(override.provide).useClass(override.useClass)
        : builder.overrideProvider(override.provide).useValue(override.useValue);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(), {
    logger: ['error'],
  });
  await configureApp(app);
  await app.listen(0, '127.0.0.1');
  process.env = previous;
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;

  let adminToken: string | undefined;
  const testApp: TestApp = {
    app,
    baseUrl,
    database,
    async request(method, path, { body, token, headers, rawBody } = {}) {
      const init: RequestInit = {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: rawBody ?? (body !== undefined ? JSON.stringify(body) : undefined),
      };
      const response = await fetch(`${baseUrl}${path}`, init);
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: response.status, headers: response.headers, body: parsed as any, text };
    },
    async login(userName, password) {
      const response = await testApp.request('POST', '/auth/credentials', { body: { userName, password } });
      if (response.status !== 200)
        throw new Error(`login ${userName} failed: ${response.status} ${response.text}`);
      return response.body.bearerToken as string;
    },
    async adminToken() {
      adminToken ??= await testApp.login(ADMIN_EMAIL, ADMIN_PASSWORD);
      return adminToken;
    },
    async close() {
      await app.close();
      if (!options.database) await database.drop();
    },
  };
  return testApp;
}
