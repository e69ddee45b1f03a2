import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { randomBytes } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service';
import { AccountEntity } from '../accounts/entities/account.entity';
import { SYSTEM_PRINCIPAL } from '../common/auth/principal';
import { isUniqueViolation } from '../common/errors/database-errors';
import { ConflictError } from '../common/errors/domain-errors';
import { authConfig } from '../config/auth.config';
import { databaseConfig } from '../config/database.config';
import { CustomersService } from '../customers/customers.service';
import { FlowRoles } from '../flows/dto/flow.dto';
import { FlowsService } from '../flows/flows.service';
import { TagColors } from '../tags/dto/tag-colors.enum';
import { TagsService } from '../tags/tags.service';
import { UsersService } from '../users/users.service';

export const DEMO_ACCOUNT_NAME = 'Demo Account';

/**
 * On a database without users: creates the first SystemAdministrator (from BOOTSTRAP_ADMIN_* or
 * with a generated password printed once) and, on the embedded default, a small demo tenant.
 */
@Injectable()
export class FirstStartService implements OnApplicationBootstrap {
  private readonly logger = new Logger('FirstStart');

  constructor(
    @Inject(authConfig.KEY) private readonly auth: ConfigType<typeof authConfig>,
    @Inject(databaseConfig.KEY) private readonly database: ConfigType<typeof databaseConfig>,
    private readonly users: UsersService,
    private readonly accounts: AccountsService,
    private readonly customers: CustomersService,
    private readonly tags: TagsService,
    private readonly flows: FlowsService,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * The demo tenant's account, whose id the served OpenAPI document's examples name; null when this
   * instance does not seed a demo tenant (SEED_DEMO_TENANT), so no real account's id is ever shown.
   */
  async demoAccountId(): Promise<string | null> {
    if (!this.database.seedDemoTenant) return null;
    const account = await this.dataSource.getRepository(AccountEntity).findOne({
      where: { name: DEMO_ACCOUNT_NAME, parentAccountId: IsNull() },
      order: { dateCreated: 'ASC' },
    });
    return account?.id ?? null;
  }

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const password = this.auth.bootstrapAdminPassword ?? randomBytes(12).toString('base64url');
    try {
      await this.users.createBootstrapAdmin(this.auth.bootstrapAdminEmail, password);
    } catch (error) {
      // Another instance starting at the same moment created it first.
      if (error instanceof ConflictError || isUniqueViolation(error)) return;
      throw error;
    }
    // What a newcomer needs from the first start, printed as one readable block (never a log line:
    // the password is shown once, on the console only, and is not stored anywhere in clear).
    const block: string[] = [];
    if (this.auth.bootstrapAdminPassword) {
      this.logger.log(
        `Created SystemAdministrator ${this.auth.bootstrapAdminEmail} (password from BOOTSTRAP_ADMIN_PASSWORD)`,
      );
    } else {
      block.push(
        'First start: created SystemAdministrator',
        `  user name: ${this.auth.bootstrapAdminEmail}`,
        `  password:  ${password}`,
        '  (shown once; set BOOTSTRAP_ADMIN_PASSWORD to choose it)',
      );
    }
    if (this.database.seedDemoTenant) {
      const ids = await this.seedDemoTenant();
      this.logger.log({ msg: 'Seeded demo tenant', ...ids });
      block.push(
        'Demo tenant:',
        ...Object.entries(ids).map(([name, id]) => `  ${`${name}:`.padEnd(12)}${id}`),
        'Swagger UI (/swagger): Authorize under "basic" with the user name and password, then',
        'BuyPhoneNumber > Try it out > Execute buys +15005550006 for the demo account.',
      );
    }
    if (block.length > 0) process.stdout.write(`\n${block.map((line) => `  ${line}`).join('\n')}\n\n`);
  }

  private async seedDemoTenant(): Promise<Record<'accountId' | 'customerId' | 'tagId' | 'flowId', string>> {
    const actor = SYSTEM_PRINCIPAL;
    const account = await this.accounts.create(actor, { name: DEMO_ACCOUNT_NAME, maxPhoneNumbers: 100 });
    const customer = await this.customers.create(actor, { accountId: account.id, name: 'Demo Customer' });
    const tag = await this.tags.create(actor, { accountId: account.id, name: 'Demo', color: TagColors.Blue });
    const flow = await this.flows.create(actor, {
      accountId: account.id,
      name: 'Demo Flow',
      roles: [FlowRoles.PhoneNumberRouting],
      // A greeting, then hang up: a graph in Evo's shape to start from in Swagger UI or the CLI.
      nodes: [
        {
          id: 'greeting',
          name: 'Greeting',
          isStartNode: true,
          spec: { name: 'Say', typeName: 'SayNode', url: '/json/reply/SayNode' },
          parameters: {
            Text: {
              id: randomUUID(),
              type: 'String',
              source: 'Value',
              value: { stringValue: 'Thanks for calling.' },
            },
            Next: {
              id: randomUUID(),
              type: 'Transition',
              source: 'Value',
              value: { stringValue: 'hang-up' },
            },
          },
        },
        { id: 'hang-up', spec: { name: 'Hang Up', typeName: 'HangUpNode', url: '/json/reply/HangUpNode' } },
      ],
    });
    return { accountId: account.id, customerId: customer.id, tagId: tag.id, flowId: flow.id };
  }
}
