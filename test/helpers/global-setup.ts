import { Client } from 'pg';

/** Fails fast, with a clear message, when the tests are asked to run on a PostgreSQL that is not there. */
export default async function globalSetup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  process.stdout.write(
    `\nTest database: ${url ? `PostgreSQL (${url.replace(/\/\/[^@]*@/, '//')})` : 'SQLite'}\n`,
  );
  if (!url) return;
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(`DATABASE_URL is set but PostgreSQL is not reachable: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
