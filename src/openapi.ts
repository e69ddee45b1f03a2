import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildOpenApiDocument, createApp } from './app.setup';

/**
 * Writes the OpenAPI document the app serves at /swagger-json to `openapi.json` (or the path given),
 * so that every contract change shows in review. `npm run openapi`.
 */
export const serializeOpenApi = (document: object): string => `${JSON.stringify(document, null, 2)}\n`;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * `value` with its objects' keys in the order `previous` (the committed document) has them, new keys
 * after: the document's key order follows the order Nest meets controllers and schemas in, so moving a
 * route to another controller would otherwise show in review as a change it is not. Arrays keep their
 * own order, which means something.
 */
export function inCommittedOrder(value: Json, previous: Json | undefined): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const before =
    previous !== null && typeof previous === 'object' && !Array.isArray(previous) ? previous : {};
  const keys = [...Object.keys(before).filter((key) => key in value), ...Object.keys(value)];
  return Object.fromEntries(
    [...new Set(keys)].map((key) => [key, inCommittedOrder(value[key], before[key])]),
  );
}

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
  const committed = existsSync(target) ? (JSON.parse(readFileSync(target, 'utf8')) as Json) : undefined;
  const document = JSON.parse(JSON.stringify(buildOpenApiDocument(app))) as Json;
  writeFileSync(target, serializeOpenApi(inCommittedOrder(document, committed) as object));
  await app.close();
  console.log(`Wrote ${target}`);
}

if (require.main === module) void main();
