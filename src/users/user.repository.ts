import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { selectEntities } from '../database/sql';
import { UserAccountEntity } from './entities/user-account.entity';
import { UserEntity } from './entities/user.entity';

/**
 * The users' SQL: logins and their account memberships. Writes take the caller's transaction
 * (`manager`).
 */
@Injectable()
export class UserRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(UserAccountEntity) private readonly memberships: Repository<UserAccountEntity>,
  ) {}

  async insert(manager: EntityManager, user: UserEntity): Promise<void> {
    await manager.insert(UserEntity, user);
  }

  async insertMembership(manager: EntityManager, userId: string, accountId: string): Promise<void> {
    await manager.insert(UserAccountEntity, { userId, accountId });
  }

  /** The membership, unless the user already has it. */
  async upsertMembership(manager: EntityManager, userId: string, accountId: string): Promise<void> {
    await manager.upsert(UserAccountEntity, { userId, accountId }, ['userId', 'accountId']);
  }

  async deleteMembershipsOfAccounts(manager: EntityManager, accountIds: string[]): Promise<void> {
    await manager.delete(UserAccountEntity, { accountId: In(accountIds) });
  }

  count(): Promise<number> {
    return this.users.count();
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /** Plain SQL: Basic authentication reads the user on every request (see BasicCredentialsService). */
  async findByEmail(emailAddress: string): Promise<UserEntity | null> {
    const [user] = await selectEntities(
      this.users.manager,
      UserEntity,
      'u',
      ['"u"."emailAddress" = :email'],
      {
        email: emailAddress,
      },
    );
    return user ?? null;
  }

  /** Every user, by email address. */
  all(): Promise<UserEntity[]> {
    return this.users.find({ order: { emailAddress: 'ASC' } });
  }

  allMemberships(): Promise<UserAccountEntity[]> {
    return this.memberships.find();
  }

  membershipsOf(userId: string): Promise<UserAccountEntity[]> {
    return this.memberships.findBy({ userId });
  }
}
