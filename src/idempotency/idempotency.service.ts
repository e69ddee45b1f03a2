import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { LessThanOrEqual, Repository } from 'typeorm';
import { isUniqueViolation } from '../common/errors/database-errors';
import { IdempotencyKeyInFlightError, IdempotencyKeyReusedError } from './idempotency.errors';
import { provisioningConfig } from '../config/provisioning.config';
import { TransactionRunner } from '../database/transaction-runner';
import { IdempotencyKeyEntity } from './idempotency-key.entity';

/** How long an in-flight key blocks its duplicates before it counts as abandoned (its process died). */
const IN_FLIGHT_LOCK_MS = 10 * 60 * 1000;

export type IdempotencyOutcome =
  { kind: 'run'; id: string } | { kind: 'replay'; status: number; body: unknown };

/** Stores `Idempotency-Key`s in the database, so that every instance sees the same keys. */
@Injectable()
export class IdempotencyService {
  constructor(
    @InjectRepository(IdempotencyKeyEntity) private readonly keys: Repository<IdempotencyKeyEntity>,
    private readonly tx: TransactionRunner,
    @Inject(provisioningConfig.KEY) private readonly config: ConfigType<typeof provisioningConfig>,
  ) {}

  /**
   * Registers the key as in flight (then the request runs), or answers what to do instead: replay the
   * stored response, 422 for another request under the same key, 409 while the first one runs.
   */
  async begin(scope: string, key: string, fingerprint: string): Promise<IdempotencyOutcome> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = Date.now();
      const row: IdempotencyKeyEntity = {
        id: randomUUID(),
        scope,
        key,
        fingerprint,
        state: 'inFlight',
        lockedUntil: new Date(now + IN_FLIGHT_LOCK_MS).toISOString(),
        responseStatus: null,
        responseBody: null,
        dateCreated: new Date(now).toISOString(),
        expiresAt: new Date(now + this.config.idempotencyKeyTtlHours * 3600_000).toISOString(),
      };
      const existing = await this.keys.findOneBy({ scope, key });
      if (!existing) {
        try {
          await this.tx.run((m) => m.insert(IdempotencyKeyEntity, row));
          return { kind: 'run', id: row.id };
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          continue; // a concurrent request with the same key inserted it first: look again
        }
      }
      const nowIso = new Date(now).toISOString();
      if (existing.expiresAt <= nowIso) {
        await this.tx.run((m) => m.delete(IdempotencyKeyEntity, { id: existing.id }));
        continue;
      }
      if (existing.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
      if (existing.state === 'completed')
        return {
          kind: 'replay',
          status: existing.responseStatus ?? 200,
          body: existing.responseBody === null ? undefined : JSON.parse(existing.responseBody),
        };
      if (existing.lockedUntil > nowIso) throw new IdempotencyKeyInFlightError();
      // The first request's process died: take the key over, unless another retry just did.
      const taken = await this.tx.run((m) =>
        m.update(
          IdempotencyKeyEntity,
          { id: existing.id, state: 'inFlight', lockedUntil: existing.lockedUntil },
          { lockedUntil: row.lockedUntil },
        ),
      );
      if (taken.affected === 1) return { kind: 'run', id: existing.id };
      throw new IdempotencyKeyInFlightError();
    }
    throw new IdempotencyKeyInFlightError();
  }

  /** Stores the response to replay for the rest of the key's life. */
  async complete(id: string, status: number, body: unknown): Promise<void> {
    await this.tx.run((m) =>
      m.update(
        IdempotencyKeyEntity,
        { id },
        {
          state: 'completed',
          responseStatus: status,
          responseBody: body === undefined ? null : JSON.stringify(body),
        },
      ),
    );
  }

  /** Forgets the key, so that a retry with it runs again (after a failure worth retrying). */
  async abandon(id: string): Promise<void> {
    await this.tx.run((m) => m.delete(IdempotencyKeyEntity, { id }));
  }

  /**
   * Frees a key whose request died in flight once what it was doing has been settled by someone else
   * (the reconciler), so that a retry with it runs again instead of waiting out the lock.
   */
  async freeInFlight(scope: string, key: string): Promise<void> {
    await this.tx.run((m) => m.delete(IdempotencyKeyEntity, { scope, key, state: 'inFlight' }));
  }

  /** Deletes keys past their retention. */
  async purgeExpired(): Promise<number> {
    const result = await this.tx.run((m) =>
      m.delete(IdempotencyKeyEntity, { expiresAt: LessThanOrEqual(new Date().toISOString()) }),
    );
    return result.affected ?? 0;
  }
}
