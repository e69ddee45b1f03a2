import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LessThanOrEqual } from 'typeorm';
import { isUniqueViolation } from '../../../common/errors/database-errors';
import { TransactionRunner } from '../../../database/transaction-runner';
import { LeaseEntity } from './entities/lease.entity';

/**
 * Named leases in the database, so that a job runs on one instance at a time. A lease expires on its
 * own, so a holder that dies blocks the others only until then. Plain inserts and conditional updates:
 * the same on SQLite and PostgreSQL.
 */
@Injectable()
export class LeaseService {
  constructor(private readonly tx: TransactionRunner) {}

  /** The token of the acquired lease, or null when another holder has it. */
  async tryAcquire(name: string, ttlMs: number): Promise<string | null> {
    const token = randomUUID();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    // Looked up first, so that the usual "somebody holds it" costs no failed statement.
    const existing = await this.tx.run((m) => m.findOneBy(LeaseEntity, { name }));
    if (!existing) {
      try {
        await this.tx.run((m) => m.insert(LeaseEntity, { name, holder: token, expiresAt }));
        return token;
      } catch (error) {
        if (isUniqueViolation(error)) return null; // another instance inserted it first
        throw error;
      }
    }
    const taken = await this.tx.run((m) =>
      m.update(
        LeaseEntity,
        { name, expiresAt: LessThanOrEqual(now.toISOString()) },
        { holder: token, expiresAt },
      ),
    );
    return taken.affected === 1 ? token : null;
  }

  async release(name: string, token: string): Promise<void> {
    await this.tx.run((m) => m.delete(LeaseEntity, { name, holder: token }));
  }
}
