import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { nowIso } from '../common/clock';
import { operationsConfig } from '../config/operations.config';
import { TransactionRunner } from '../database/transaction-runner';
import { OutboxEventEntity } from './entities/outbox-event.entity';
import { WebhookDeliveryEntity } from './entities/webhook-delivery.entity';
import { WebhookEntity } from './entities/webhook.entity';
import type { DomainEvent, EventType } from './event-types';
import { WebhookSecrets } from './webhook-secrets';
import { signWebhook } from './webhook-signature';
import { postToTarget, WebhookTargetGuard, WebhookTargetRefusedError } from './webhook-targets';

/** Deliveries claimed at once (each one an HTTP request in flight). */
const DELIVERY_BATCH = 20;
/** Events taken, fanned out and marked at once. */
const EVENT_BATCH = 100;
const MAX_EVENT_BATCHES_PER_RUN = 20;

interface Claimable extends ObjectLiteral {
  id: string;
  claimToken: string | null;
  claimedUntil: string | null;
}

const toDomainEvent = (e: OutboxEventEntity): DomainEvent => ({
  id: e.id,
  type: e.type as EventType,
  accountId: e.accountId,
  timestamp: e.createdAt,
  data: e.payload,
});

/**
 * Moves events from the outbox to their consumers, on every instance, polling:
 * 1. claims undispatched events, fans each out to one delivery per matching webhook (idempotently: a
 *    delivery is unique per webhook and event) and marks it dispatched, in one transaction; then
 *    publishes it in-process (`@OnEvent(type)` listeners);
 * 2. claims due deliveries and POSTs them, signed; a failure is retried with exponential backoff.
 *
 * Rows are claimed with a token and a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite has one
 * writer), so instances never work on the same row, and a crashed instance's rows are picked up again
 * when its lease ends: every event reaches every webhook at least once.
 */
@Injectable()
export class EventDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EventDispatcher.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly emitter: EventEmitter2,
    private readonly secrets: WebhookSecrets,
    private readonly targets: WebhookTargetGuard,
    @Inject(operationsConfig.KEY) private readonly ops: ConfigType<typeof operationsConfig>,
  ) {}

  onApplicationBootstrap(): void {
    if (this.ops.webhooks.dispatcherEnabled) this.schedule();
  }

  /** Stops polling and lets the batch in hand finish. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over the outbox and the due deliveries (what the poller runs; tests may call it). */
  async runOnce(): Promise<void> {
    // A full batch means more are waiting: keep going (within reason) rather than wait a poll.
    for (let batches = 0; batches < MAX_EVENT_BATCHES_PER_RUN; batches++)
      if ((await this.dispatchEvents()) < EVENT_BATCH) break;
    await this.deliverDue();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((error: unknown) => this.logger.error(`Dispatch failed: ${(error as Error).message}`))
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, this.ops.webhooks.pollIntervalMs);
  }

  /**
   * Takes a batch of undispatched events, fans them out and marks them dispatched, in one transaction
   * (a write burst leaves a backlog that is worked off in a few transactions, not one per event), then
   * publishes them in-process. Returns how many it dispatched.
   *
   * The batch is locked by the transaction itself (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so that
   * another instance takes the next events; SQLite has one writer): no claim is written and cleared
   * again, as for deliveries, whose HTTP calls happen outside any transaction. If the transaction fails,
   * its events stay undispatched for the next pass.
   */
  private async dispatchEvents(): Promise<number> {
    const undispatched = (m: EntityManager) =>
      m.createQueryBuilder(OutboxEventEntity, 'row').where('row.dispatchedAt IS NULL');
    // Most polls find nothing: a plain read first keeps them out of the (queued, on SQLite) write path.
    if (!(await undispatched(this.dataSource.manager).getExists())) return 0;
    const events = await this.tx.run(async (m) => {
      const batch = undispatched(m).orderBy('row.createdAt', 'ASC').limit(EVENT_BATCH);
      if (this.tx.isPostgres) batch.setLock('pessimistic_write').setOnLocked('skip_locked');
      const taken = await batch.getMany();
      if (taken.length === 0) return taken;
      const accountIds = [...new Set(taken.flatMap((e) => (e.accountId ? [e.accountId] : [])))];
      const webhooks = accountIds.length
        ? await m.find(WebhookEntity, { where: { accountId: In(accountIds) } })
        : [];
      for (const event of taken)
        await this.fanOut(
          m,
          event,
          webhooks.filter((w) => w.accountId === event.accountId),
        );
      await m.update(OutboxEventEntity, { id: In(taken.map((e) => e.id)) }, { dispatchedAt: nowIso() });
      return taken;
    });
    for (const event of events)
      await this.emitter
        .emitAsync(event.type, toDomainEvent(event))
        .catch((error: unknown) =>
          this.logger.error(
            `A listener of ${event.type} failed on event ${event.id} (account ${event.accountId}): ${(error as Error).message}`,
          ),
        );
    return events.length;
  }

  /** One pending delivery per webhook of the event's account that subscribes to its type. */
  private async fanOut(m: EntityManager, event: OutboxEventEntity, webhooks: WebhookEntity[]): Promise<void> {
    const subscribed = webhooks.filter((w) => w.eventTypes.length === 0 || w.eventTypes.includes(event.type));
    if (subscribed.length === 0) return;
    const now = nowIso();
    await m
      .createQueryBuilder()
      .insert()
      .into(WebhookDeliveryEntity)
      .values(
        subscribed.map((w) => ({
          id: randomUUID(),
          webhookId: w.id,
          eventId: event.id,
          eventType: event.type,
          status: 'pending' as const,
          attempts: 0,
          nextAttemptAt: now,
          lastAttemptAt: null,
          lastStatusCode: null,
          lastError: null,
          createdAt: now,
          claimToken: null,
          claimedUntil: null,
        })),
      )
      .orIgnore()
      .execute();
  }

  private async deliverDue(): Promise<void> {
    const token = randomUUID();
    const due = await this.claim(
      WebhookDeliveryEntity,
      token,
      (q) => q.andWhere("row.status = 'pending'").andWhere('row.nextAttemptAt <= :due', { due: nowIso() }),
      DELIVERY_BATCH,
    );
    await Promise.all(due.map((delivery) => this.deliver(delivery, token)));
  }

  private async deliver(delivery: WebhookDeliveryEntity, token: string): Promise<void> {
    const [webhook, event] = await this.tx.run((m) =>
      Promise.all([
        m.findOneBy(WebhookEntity, { id: delivery.webhookId }),
        m.findOneBy(OutboxEventEntity, { id: delivery.eventId }),
      ]),
    );
    if (!webhook || !event)
      return this.record(delivery, token, null, 'The webhook or event no longer exists', true);

    const body = JSON.stringify({ type: event.type, timestamp: event.createdAt, data: event.payload });
    const timestamp = Math.floor(Date.now() / 1000);
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      // Checked again at each delivery (the allow-list or the name's addresses may have changed since
      // registration), and sent to the address checked.
      const target = await this.targets.vet(webhook.url);
      statusCode = await postToTarget(
        target,
        {
          'content-type': 'application/json',
          'user-agent': 'evo-voice-provisioning-webhooks/1',
          'webhook-id': event.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(
            this.secrets.open(webhook.secretEncrypted),
            event.id,
            timestamp,
            body,
          ),
        },
        body,
        this.ops.webhooks.deliveryTimeoutMs,
      );
      if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}`;
    } catch (e) {
      error =
        e instanceof WebhookTargetRefusedError
          ? `Refused: ${e.message}`.slice(0, 500)
          : (e as Error).message.slice(0, 500);
    }
    await this.record(delivery, token, statusCode, error, false);
  }

  private async record(
    delivery: WebhookDeliveryEntity,
    token: string,
    statusCode: number | null,
    error: string | null,
    giveUp: boolean,
  ): Promise<void> {
    const attempts = delivery.attempts + 1;
    const { maxAttempts, retryBaseMs } = this.ops.webhooks;
    const status = error === null ? 'succeeded' : giveUp || attempts >= maxAttempts ? 'failed' : 'pending';
    const nextAttemptAt =
      status === 'pending'
        ? new Date(Date.now() + retryBaseMs * 2 ** (attempts - 1)).toISOString()
        : nowIso();
    await this.tx.run((m) =>
      m.update(
        WebhookDeliveryEntity,
        { id: delivery.id, claimToken: token },
        {
          status,
          attempts,
          nextAttemptAt,
          lastAttemptAt: nowIso(),
          lastStatusCode: statusCode,
          lastError: error,
          claimToken: null,
          claimedUntil: null,
        },
      ),
    );
  }

  /** Claims up to `batch` rows no live claim holds, for this run only. */
  private async claim<E extends Claimable>(
    entity: EntityTarget<E>,
    token: string,
    filter: (q: SelectQueryBuilder<E>) => SelectQueryBuilder<E>,
    batch: number,
  ): Promise<E[]> {
    const now = nowIso();
    const lease = new Date(Date.now() + this.ops.webhooks.deliveryTimeoutMs + 60_000).toISOString();
    const claimable = (q: SelectQueryBuilder<E>) =>
      filter(q).andWhere('(row.claimedUntil IS NULL OR row.claimedUntil < :now)', { now });
    // Most polls find nothing: a plain read first keeps them out of the (queued, on SQLite) write path.
    const anything = await claimable(
      this.dataSource.createQueryBuilder(entity, 'row').select('row.id'),
    ).getExists();
    if (!anything) return [];
    return this.tx.run(async (m) => {
      const candidates = claimable(m.createQueryBuilder(entity, 'row').select('row.id', 'id'))
        .orderBy('row.createdAt', 'ASC')
        .limit(batch);
      if (this.tx.isPostgres) candidates.setLock('pessimistic_write').setOnLocked('skip_locked');
      const ids = (await candidates.getRawMany<{ id: string }>()).map((r) => r.id);
      if (ids.length === 0) return [];
      await m
        .createQueryBuilder()
        .update(entity)
        .set({ claimToken: token, claimedUntil: lease } as never)
        .whereInIds(ids)
        .execute();
      return m.getRepository(entity).find({ where: { claimToken: token } as never });
    });
  }
}
