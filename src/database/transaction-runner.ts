import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { sqlQuery } from './sql';

/**
 * Runs units of work in a transaction. Every write goes through here.
 *
 * PostgreSQL: one pooled connection per transaction, row locks where asked (`lockForUpdate`).
 * SQLite: TypeORM shares one connection, so two overlapping transactions would silently nest; they
 * are queued here instead, which also makes each transaction serialisable. Each one also takes the
 * database's write lock before anything else (see `takeWriteLock`).
 */
@Injectable()
export class TransactionRunner {
  private queue: Promise<unknown> = Promise.resolve();
  /** SQLite: a write that changes nothing, on a table every migrated database has (see `takeWriteLock`). */
  private readonly writeLock: string;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.writeLock = `DELETE FROM "${dataSource.options.migrationsTableName ?? 'migrations'}" WHERE 0`;
  }

  get isPostgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.isPostgres) return this.dataSource.transaction(work);
    const result = this.queue.then(() =>
      this.dataSource.transaction(async (manager) => {
        await this.takeWriteLock(manager);
        return work(manager);
      }),
    );
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * SQLite: what `BEGIN IMMEDIATE` does (TypeORM begins deferred), with a write that changes nothing.
   * Another process may write to the file too (the CLI, a second server). A deferred transaction that
   * has read, and then finds at its first write that the other one has committed since, fails at once
   * with SQLITE_BUSY ("database is locked"); the busy timeout only covers waiting for the lock. Taken
   * first, the lock is waited for (up to the busy timeout) and every read after it is current.
   */
  private async takeWriteLock(manager: EntityManager): Promise<void> {
    await sqlQuery(manager, this.writeLock);
  }

  /**
   * Serialises this transaction with every other that locks the same row, without reading it:
   * PostgreSQL `SELECT 1 ... FOR UPDATE`; on SQLite the queue above already does, so nothing is sent.
   */
  async lock<E extends ObjectLiteral>(
    manager: EntityManager,
    entity: EntityTarget<E>,
    id: string,
  ): Promise<void> {
    if (!this.isPostgres) return;
    const table = manager.connection.getMetadata(entity).tableName;
    await manager.query(`SELECT 1 FROM "${table}" WHERE "id" = $1 FOR UPDATE`, [id]);
  }

  /**
   * Locks one row until the transaction ends (PostgreSQL `SELECT ... FOR UPDATE`); on SQLite the
   * queue above already serialises transactions. Returns the row, or null when it does not exist.
   */
  async lockForUpdate<E extends ObjectLiteral>(
    manager: EntityManager,
    entity: EntityTarget<E>,
    id: string,
  ): Promise<E | null> {
    const query = manager.createQueryBuilder(entity, 'row').where('row.id = :id', { id });
    if (this.isPostgres) query.setLock('pessimistic_write');
    return query.getOne();
  }

  /**
   * Serialises this transaction with every other that takes the same named lock, until it ends,
   * without locking any row: PostgreSQL `pg_advisory_xact_lock` (take it first, before any row lock, so
   * that its holders queue on it rather than on each other's rows); on SQLite the queue above already
   * serialises transactions, so nothing is sent.
   */
  async lockName(manager: EntityManager, name: string): Promise<void> {
    if (!this.isPostgres) return;
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [name]);
  }
}
