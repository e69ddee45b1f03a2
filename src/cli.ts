import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { ApiKeysService } from './auth/api-keys.service';
import { NewApiKey } from './auth/dto/auth.dto';
import { SYSTEM_PRINCIPAL } from './common/auth/principal';
import { Role } from './common/auth/role.enum';
import { PhoneNumberReconciler } from './endpoints/provisioning/phone-number-reconciler';
import { systemActor } from './endpoints/provisioning/provisioning-events';
import { buildDataSourceOptions, databaseSettingsFromEnv } from './database/database-options';
import { NewUser } from './users/dto/new-user.dto';
import { UsersService } from './users/users.service';

const USAGE = `Usage: npm run cli -- <command> [options]   (or: node dist/cli.js <command> [options])

  create-user --email <email> --password <password> [--role Manager|Customer|SystemAdministrator]
              [--account <accountId>] [--customer <customerId>] [--first-name <name>] [--last-name <name>]
  create-api-key --email <email of the user the key acts as> --name <name> [--expires-in-days <n>]
  migrate     runs pending migrations (the release step when several instances run)
  reconcile   settles interrupted purchases, retries orphan releases and reports drift, for every
              account (takes the reconciler's lease: fails while another instance is reconciling)

The database and everything else come from the same environment variables as the service.`;

/** Validates input exactly as the API would, and says which field is wrong. */
async function validated<T extends object>(type: new () => T, plain: object): Promise<T> {
  const dto = plainToInstance(type, plain);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    const lines = errors.flatMap((e) =>
      Object.values(e.constraints ?? {}).map((m) => `  - ${e.property}: ${m}`),
    );
    throw new Error(`Invalid input:\n${lines.join('\n')}`);
  }
  return dto;
}

async function withApp<T>(
  work: (get: <S>(type: new (...args: never[]) => S) => S) => Promise<T>,
): Promise<T> {
  // A one-shot command: no background jobs of its own.
  process.env.WEBHOOK_DISPATCHER_ENABLED = 'false';
  process.env.RECONCILER_RUN_AT_STARTUP = 'false';
  process.env.RECONCILER_INTERVAL_SECONDS = '0';
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  try {
    return await work((type) => app.get(type));
  } finally {
    await app.close();
  }
}

async function migrate(): Promise<void> {
  const dataSource = new DataSource({
    ...buildDataSourceOptions(databaseSettingsFromEnv()),
    migrationsRun: false,
  });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    console.log(
      applied.length ? applied.map((m) => `applied ${m.name}`).join('\n') : 'No pending migrations',
    );
  } finally {
    await dataSource.destroy();
  }
}

export async function runCli(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      account: { type: 'string' },
      customer: { type: 'string' },
      'first-name': { type: 'string' },
      'last-name': { type: 'string' },
      name: { type: 'string' },
      'expires-in-days': { type: 'string' },
    },
  });
  switch (command) {
    case 'create-user': {
      const dto = await validated(NewUser, {
        emailAddress: values.email,
        password: values.password,
        roles: values.role ? [values.role as Role] : undefined,
        accountId: values.account,
        customerId: values.customer,
        firstName: values['first-name'],
        lastName: values['last-name'],
      });
      const user = await withApp((get) => get(UsersService).create(SYSTEM_PRINCIPAL, dto));
      console.log(`created user ${user.id} (${user.emailAddress}, ${user.roles.join(', ')})`);
      return;
    }
    case 'create-api-key': {
      const dto = await validated(NewApiKey, {
        name: values.name,
        expiresInDays: values['expires-in-days'] ? Number(values['expires-in-days']) : undefined,
      });
      const created = await withApp(async (get) => {
        const users = get(UsersService);
        const user = values.email ? await users.findByEmail(values.email) : null;
        const principal = user ? await users.loadPrincipal(user.id, 'api-key') : null;
        if (!principal)
          throw new Error(`No user with the email address ${values.email ?? '(missing --email)'}`);
        return get(ApiKeysService).create(principal, dto);
      });
      console.log(`created API key ${created.id} (${created.name}); shown once:\n${created.key}`);
      return;
    }
    case 'migrate':
      return migrate();
    case 'reconcile': {
      const reports = await withApp((get) => get(PhoneNumberReconciler).reconcileAll(systemActor('cli')));
      if (!reports) throw new Error('Another reconciliation holds the lease; try again shortly');
      console.log(JSON.stringify(reports, null, 2));
      return;
    }
    default:
      throw new Error(`${command ? `Unknown command: ${command}\n\n` : ''}${USAGE}`);
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
