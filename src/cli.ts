import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { PickType } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { ApiKeysService } from './auth/api-keys.service';
import { SessionsService } from './auth/sessions.service';
import { NewApiKey } from './auth/dto/auth.dto';
import { SYSTEM_PRINCIPAL } from './common/auth/principal';
import { Role } from './common/auth/role.enum';
import { PhoneNumberReconciler } from './endpoints/phone-numbers/provisioning/phone-number-reconciler';
import { systemActor } from './endpoints/phone-numbers/provisioning/provisioning-events';
import { buildDataSourceOptions, databaseSettingsFromEnv } from './database/database-options';
import { NewUser } from './users/dto/new-user.dto';
import { UsersService } from './users/users.service';

const USAGE = `Usage: npm run cli -- <command> [options]   (or: node dist/cli.js <command> [options])

  create-user --email <email> [--role Manager|Customer|SystemAdministrator] [--account <accountId>]
              [--customer <customerId>] [--first-name <name>] [--last-name <name>] [--password-stdin]
  list-users  every user: email address, roles, accounts (no secrets)
  reset-password --email <email> [--password-stdin]
              sets a new password and ends the user's sessions (their tokens stop working)
  create-api-key --email <email of the user the key acts as> --name <name> [--expires-in-days <n>]
  migrate     runs pending migrations (the release step when several instances run)
  reconcile   settles interrupted purchases, retries orphan releases and reports drift, for every
              account (takes the reconciler's lease: fails while another instance is reconciling)
  help        this text (also --help, -h, or no command)

Passwords are never arguments (they would show in ps and the shell history): in a terminal you are
prompted for them; otherwise pass --password-stdin and pipe the password in.
The database and everything else come from the same environment variables as the service.`;

/** reset-password's input: a password by the rules of a new user's. */
class ResetPassword extends PickType(NewUser, ['password'] as const) {}

/** A mistake in how the CLI was called: answered with the usage on stderr and exit code 2. */
class UsageError extends Error {}

/** Everything piped in, less the line break that ends it. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Asks on the terminal without echoing what is typed. */
function promptHidden(question: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003' || char === '\u0004') return done(new Error('Cancelled'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}

/** The password for create-user and reset-password: from standard input or a prompt, never an argument. */
async function readPassword(fromStdin: boolean | undefined): Promise<string> {
  if (fromStdin) return readStdin();
  if (!process.stdin.isTTY)
    throw new UsageError(
      'No password: pipe it in with --password-stdin (or run in a terminal to be prompted)',
    );
  const password = await promptHidden('Password: ');
  if ((await promptHidden('Password again: ')) !== password) throw new Error('The passwords differ');
  return password;
}

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

const OPTIONS = {
  email: { type: 'string' },
  password: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  role: { type: 'string' },
  account: { type: 'string' },
  customer: { type: 'string' },
  'first-name': { type: 'string' },
  'last-name': { type: 'string' },
  name: { type: 'string' },
  'expires-in-days': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseOptions(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Runs one command; resolves to the process's exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  const values = parseOptions(rest);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.password !== undefined)
    throw new UsageError(
      '--password is not accepted: a password in the arguments shows in ps and the shell history; ' +
        'pipe it in with --password-stdin or answer the prompt',
    );
  switch (command) {
    case 'create-user': {
      const dto = await validated(NewUser, {
        emailAddress: values.email,
        password: await readPassword(values['password-stdin']),
        roles: values.role ? [values.role as Role] : undefined,
        accountId: values.account,
        customerId: values.customer,
        firstName: values['first-name'],
        lastName: values['last-name'],
      });
      const user = await withApp((get) => get(UsersService).create(SYSTEM_PRINCIPAL, dto));
      console.log(`created user ${user.id} (${user.emailAddress}, ${user.roles.join(', ')})`);
      return 0;
    }
    case 'list-users': {
      const users = await withApp((get) => get(UsersService).listAll());
      for (const user of users) {
        const accounts = user.accountIds.map((id, i) => `${id} (${user.accountNames[i]})`).join(', ');
        console.log(`${user.emailAddress}\t${user.roles.join(',')}\t${accounts || '-'}`);
      }
      if (!users.length) console.log('No users');
      return 0;
    }
    case 'reset-password': {
      if (!values.email) throw new UsageError('reset-password needs --email');
      const { password } = await validated(ResetPassword, {
        password: await readPassword(values['password-stdin']),
      });
      const reset = await withApp((get) => get(SessionsService).resetPassword(values.email!, password));
      console.log(`password of ${values.email} reset; ${reset.sessionsEnded} session(s) ended`);
      return 0;
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
      return 0;
    }
    case 'migrate':
      await migrate();
      return 0;
    case 'reconcile': {
      const reports = await withApp((get) => get(PhoneNumberReconciler).reconcileAll(systemActor('cli')));
      if (!reports) throw new Error('Another reconciliation holds the lease; try again shortly');
      console.log(JSON.stringify(reports, null, 2));
      return 0;
    }
    default:
      throw new UsageError(`Unknown command: ${command}`);
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      if (error instanceof UsageError) console.error(`\n${USAGE}`);
      process.exit(error instanceof UsageError ? 2 : 1);
    },
  );
}
