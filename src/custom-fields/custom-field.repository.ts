import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, FindOptionsWhere, In, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AccountEntity } from '../accounts/entities/account.entity';
import { TransactionRunner } from '../database/transaction-runner';
import { CustomFieldEntity, CustomFieldScope } from './entities/custom-field.entity';

/** TypeORM's deep-partial type cannot follow a field's open index signature. */
const asRow = (row: Partial<CustomFieldEntity>) => row as QueryDeepPartialEntity<CustomFieldEntity>;

/** The custom field definitions' SQL. Writes take the caller's transaction (`manager`). */
@Injectable()
export class CustomFieldRepository {
  constructor(
    @InjectRepository(CustomFieldEntity) private readonly fields: Repository<CustomFieldEntity>,
    private readonly tx: TransactionRunner,
  ) {}

  /** The account's fields, in their stored order. */
  forAccount(accountId: string): Promise<CustomFieldEntity[]> {
    return this.fields.find({ where: { accountId }, order: { position: 'ASC', id: 'ASC' } });
  }

  /**
   * Serialises the writers of the account's fields until the transaction ends: they read the stored
   * lists, then write what differs.
   */
  lockAccount(manager: EntityManager, accountId: string): Promise<void> {
    return this.tx.lock(manager, AccountEntity, accountId);
  }

  /** The account's fields (of the scopes given, else all), in the caller's transaction. */
  inAccount(
    manager: EntityManager,
    accountId: string,
    scopes?: CustomFieldScope[],
  ): Promise<CustomFieldEntity[]> {
    const where: FindOptionsWhere<CustomFieldEntity> = { accountId };
    if (scopes) where.scope = In(scopes);
    return manager.findBy(CustomFieldEntity, where);
  }

  async insert(manager: EntityManager, rows: CustomFieldEntity[]): Promise<void> {
    if (rows.length) await manager.insert(CustomFieldEntity, rows.map(asRow));
  }

  async update(manager: EntityManager, id: string, changes: Partial<CustomFieldEntity>): Promise<void> {
    await manager.update(CustomFieldEntity, { id }, asRow(changes));
  }

  async delete(manager: EntityManager, ids: string[]): Promise<void> {
    if (ids.length) await manager.delete(CustomFieldEntity, { id: In(ids) });
  }

  async deleteOfAccounts(manager: EntityManager, accountIds: string[]): Promise<void> {
    await manager.delete(CustomFieldEntity, { accountId: In(accountIds) });
  }
}
