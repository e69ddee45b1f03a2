import { registerAs } from '@nestjs/config';

export const databaseConfig = registerAs('database', () => ({
  url: process.env.DATABASE_URL,
  sqlitePath: process.env.SQLITE_PATH ?? 'data/evovoice.sqlite',
  runMigrations: (process.env.DATABASE_MIGRATIONS_RUN ?? 'true') === 'true',
  /** The demo tenant is seeded on the embedded default only, unless asked for explicitly. */
  seedDemoTenant: process.env.SEED_DEMO_TENANT
    ? process.env.SEED_DEMO_TENANT === 'true'
    : !process.env.DATABASE_URL,
}));

export type DatabaseConfig = ReturnType<typeof databaseConfig>;
