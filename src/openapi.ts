import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildOpenApiDocument, createApp } from './app.setup';

/**
 * Writes the OpenAPI document the app serves at /swagger-json to `openapi.json` (or the path given),
 * so that every contract change shows in review. `npm run openapi`.
 */
export const serializeOpenApi = (document: object): string => `${JSON.stringify(document, null, 2)}\n`;

async function main(): Promise<void> {
  // Boots the app on a throwaway in-memory database, with nothing in the background.
  Object.assign(process.env, {
    NODE_ENV: 'test',
    SQLITE_PATH: ':memory:',
    SEED_DEMO_TENANT: 'false',
    WEBHOOK_DISPATCHER_ENABLED: 'false',
    JWT_SECRET: randomBytes(32).toString('hex'),
    BOOTSTRAP_ADMIN_PASSWORD: randomBytes(16).toString('hex'),
  });
  delete process.env.DATABASE_URL;
  const app = await createApp({ logger: ['error'] });
  const target = resolve(process.argv[2] ?? 'openapi.json');
  writeFileSync(target, serializeOpenApi(buildOpenApiDocument(app)));
  await app.close();
  console.log(`Wrote ${target}`);
}

if (require.main === module) void main();
