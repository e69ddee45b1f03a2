import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { startApp, TestApp } from '../helpers/test-app';

/** The version package.json states: the one place it is written. */
const VERSION = (JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { version: string })
  .version;

describe('health checks', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t?.close());

  it('answers liveness to anybody', async () => {
    const res = await t.request('GET', '/health/live');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', version: VERSION, details: { process: { status: 'up' } } });
  });

  it('states the version package.json and the OpenAPI document state', async () => {
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    const document = await t.request('GET', '/swagger-json');
    expect(document.body.info.version).toBe(VERSION);
    const committed = JSON.parse(readFileSync(join(process.cwd(), 'openapi.json'), 'utf8')) as {
      info: { version: string };
    };
    expect(committed.info.version).toBe(VERSION);
  });

  it('is ready when the database answers, migrations are applied and a provider is configured', async () => {
    const res = await t.request('GET', '/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      version: VERSION,
      details: {
        database: { status: 'up' },
        migrations: { status: 'up' },
        telephony: { status: 'up', message: 'provider: sandbox' },
      },
    });
  });

  it('is not ready (503, in the error envelope) while a migration is pending', async () => {
    const db = t.app.get(DataSource);
    const [last] = await db.query(`SELECT * FROM migrations ORDER BY id DESC LIMIT 1`);
    await db.query(`DELETE FROM migrations WHERE id = ${Number(last.id)}`);
    try {
      const res = await t.request('GET', '/health/ready');
      expect(res.status).toBe(503);
      expect(res.body.responseStatus).toMatchObject({
        errorCode: 'ServiceUnavailable',
        message: 'Not ready: migrations',
        errors: [{ errorCode: 'NotReady', fieldName: 'migrations', message: 'Migrations are pending' }],
      });
    } finally {
      await db.query(
        `INSERT INTO migrations (id, timestamp, name) VALUES (${Number(last.id)}, ${Number(last.timestamp)}, '${String(last.name)}')`,
      );
    }
    expect((await t.request('GET', '/health/ready')).status).toBe(200);
  });
});

describe('health checks with an incomplete Twilio configuration', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ env: { TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000' } });
  });
  afterAll(() => t?.close());

  it('is not ready and says why', async () => {
    const res = await t.request('GET', '/health/ready');
    expect(res.status).toBe(503);
    expect(res.body.responseStatus.errors).toEqual([
      {
        errorCode: 'NotReady',
        fieldName: 'telephony',
        message: 'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must be set together',
      },
    ]);
    expect((await t.request('GET', '/health/live')).status).toBe(200);
  });
});
