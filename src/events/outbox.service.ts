import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { nowIso } from '../common/clock';
import { insertRows } from '../database/sql';
import { OutboxEventEntity } from './entities/outbox-event.entity';
import type { EventType } from './event-types';

/**
 * Records events in the transactional outbox. Call it with the EntityManager of the
 * `TransactionRunner.run` that makes the change: the event is stored if and only if the change commits.
 */
@Injectable()
export class OutboxService {
  async record(
    manager: EntityManager,
    type: EventType,
    payload: Record<string, unknown>,
    accountId: string | null,
  ): Promise<string> {
    const id = randomUUID();
    const event: OutboxEventEntity = {
      id,
      type,
      accountId,
      payload,
      createdAt: nowIso(),
      dispatchedAt: null,
    };
    await insertRows(manager, OutboxEventEntity, [event]);
    return id;
  }
}
