import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { isSystemAdministrator, Principal } from '../common/auth/principal';
import { PrincipalCache } from '../common/auth/principal-cache';
import { Role } from '../common/auth/role.enum';
import { newAudited } from '../common/audit';
import { ConflictError, ForbiddenError, InvalidFieldError } from '../common/errors/domain-errors';
import { InvalidCredentialsError } from '../auth/auth.errors';
import { isUniqueViolation } from '../common/errors/database-errors';
import { hashPassword } from '../security/password';
import { CustomerEntity } from '../customers/entities/customer.entity';
import { CustomersService } from '../customers/customers.service';
import { TransactionRunner } from '../database/transaction-runner';
import { NewUser } from './dto/new-user.dto';
import { UserInfo } from './dto/user-info.dto';
import { UserEntity } from './entities/user.entity';
import { mapUser } from './user.mapper';
import { UserRepository } from './user.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UserRepository,
    private readonly accounts: AccountsService,
    private readonly customers: CustomersService,
    private readonly tx: TransactionRunner,
    private readonly principals: PrincipalCache,
  ) {}

  async create(actor: Principal | null, dto: NewUser): Promise<UserInfo> {
    const roles = dto.roles ?? [dto.customerId ? Role.Customer : Role.Manager];
    const isAdmin = roles.includes(Role.SystemAdministrator);
    if (actor && !isSystemAdministrator(actor) && isAdmin) {
      throw new ForbiddenError('Only a SystemAdministrator may create a SystemAdministrator');
    }
    if (roles.includes(Role.Customer) && roles.length > 1) {
      throw new InvalidFieldError('roles', 'Invalid', 'roles: Customer cannot be combined with other roles');
    }
    if (!isAdmin && !dto.accountId) {
      throw new InvalidFieldError(
        'accountId',
        'NotEmpty',
        'accountId is required for Manager and Customer users',
      );
    }
    const account =
      dto.accountId && actor ? await this.accounts.findVisible(actor, dto.accountId, 'accountId') : null;
    let customer: CustomerEntity | null = null;
    if (roles.includes(Role.Customer)) {
      if (!dto.customerId || !account || !actor) {
        throw new InvalidFieldError(
          'customerId',
          'NotEmpty',
          'customerId is required for Customer-role users',
        );
      }
      customer = await this.customers.findInAccount(actor, account.id, dto.customerId, 'customerId');
    }
    const user: UserEntity = {
      ...newAudited(actor),
      emailAddress: dto.emailAddress.trim().toLowerCase(),
      firstName: dto.firstName ?? null,
      lastName: dto.lastName ?? null,
      passwordHash: await hashPassword(dto.password),
      roles,
      customerId: customer?.id ?? null,
    };
    try {
      await this.tx.run(async (m) => {
        await this.users.insert(m, user);
        if (account) await this.users.insertMembership(m, user.id, account.id);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          'EmailAddressTaken',
          'A user with this email address already exists',
          'emailAddress',
        );
      }
      throw error;
    }
    return mapUser(user, account ? [{ id: account.id, name: account.name }] : []);
  }

  /** Creates the first SystemAdministrator; used at first start only. */
  async createBootstrapAdmin(emailAddress: string, password: string): Promise<void> {
    await this.create(null, {
      emailAddress,
      password,
      firstName: 'System',
      lastName: 'Administrator',
      roles: [Role.SystemAdministrator],
    });
  }

  async count(): Promise<number> {
    return this.users.count();
  }

  /** Plain SQL: Basic authentication reads the user on every request (see BasicCredentialsService). */
  async findByEmail(emailAddress: string): Promise<UserEntity | null> {
    return this.users.findByEmail(emailAddress.trim().toLowerCase());
  }

  /** Every user with the accounts they belong to, by email address (the admin CLI's list-users). */
  async listAll(): Promise<UserInfo[]> {
    const [users, memberships] = await Promise.all([this.users.all(), this.users.allMemberships()]);
    const names = await this.accounts.namesByIds([...new Set(memberships.map((m) => m.accountId))]);
    return users.map((user) =>
      mapUser(
        user,
        memberships
          .filter((m) => m.userId === user.id)
          .map((m) => ({ id: m.accountId, name: names.get(m.accountId) ?? '' })),
      ),
    );
  }

  /** Adds a user to an account (for seeding and account administration). */
  async addToAccount(userId: string, accountId: string): Promise<void> {
    await this.tx.run((m) => this.users.upsertMembership(m, userId, accountId));
    this.principals.invalidate();
  }

  /**
   * The principal of a user, fresh from the database: roles, accounts and customer subtree.
   * Returns null when the user no longer exists.
   */
  async loadPrincipal(
    userId: string,
    authMethod: Principal['authMethod'],
    sessionId: string | null = null,
  ): Promise<Principal | null> {
    const user = await this.users.findById(userId);
    if (!user) return null;
    const [memberships, customerPath] = await Promise.all([
      this.users.membershipsOf(userId),
      user.customerId ? this.customers.pathOf(user.customerId) : null,
    ]);
    return {
      userId: user.id,
      emailAddress: user.emailAddress,
      firstName: user.firstName,
      lastName: user.lastName,
      roles: user.roles,
      accountIds: memberships.map((m) => m.accountId),
      customerId: user.customerId,
      customerPath,
      sessionId,
      authMethod,
    };
  }

  /**
   * GetAuthStatus. A user deleted while their principal is still remembered (a few seconds, or behind
   * the service's back) is answered as the guard answers once it is forgotten: 401.
   */
  async describe(principal: Principal): Promise<UserInfo> {
    const user = await this.users.findById(principal.userId);
    if (!user) throw new InvalidCredentialsError();
    const names = await this.accounts.namesByIds(principal.accountIds);
    return mapUser(
      user,
      principal.accountIds.map((id) => ({ id, name: names.get(id) ?? '' })),
    );
  }
}
