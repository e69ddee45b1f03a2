import { Injectable, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { Metrics } from './metrics';

interface OutboxSnapshot {
  pendingEvents: number;
  oldestPendingSeconds: number;
  pendingDeliveries: number;
}

/** A pg `Pool`'s counters (TypeORM's PostgreSQL driver keeps its pool as `master`). */
interface PoolCounters {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * The gauges read on scrape: the outbox's backlog and its age (how far event delivery lags), pending
 * webhook deliveries (one query for all three, shared by the gauges of one scrape), and, on PostgreSQL,
 * the connection pool's use.
 */
@Injectable()
export class MetricsCollector implements OnModuleInit {
  private reading: Promise<OutboxSnapshot> | null = null;

  constructor(
    private readonly metrics: Metrics,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const snapshot = () => this.outbox();
    const outboxGauge = (name: string, help: string, read: (s: OutboxSnapshot) => number) =>
      new Gauge({
        name,
        help,
        registers: [],
        async collect() {
          this.set(read(await snapshot()));
        },
      });
    this.metrics.register(
      outboxGauge(
        'outbox_pending_events',
        'Events written to the outbox and not yet dispatched',
        (s) => s.pendingEvents,
      ),
    );
    this.metrics.register(
      outboxGauge(
        'outbox_lag_seconds',
        'Age of the oldest event not yet dispatched (0 when none is waiting)',
        (s) => s.oldestPendingSeconds,
      ),
    );
    this.metrics.register(
      outboxGauge(
        'webhook_deliveries_pending',
        'Webhook deliveries waiting for a (first or next) attempt',
        (s) => s.pendingDeliveries,
      ),
    );
    const pool = (this.dataSource.driver as unknown as { master?: Partial<PoolCounters> }).master;
    if (typeof pool?.totalCount !== 'number') return;
    const counters = pool as PoolCounters;
    this.metrics.register(
      new Gauge({
        name: 'db_pool_connections',
        help: 'PostgreSQL connection pool: connections open (total), idle, and requests waiting for one',
        labelNames: ['state'] as const,
        registers: [],
        collect() {
          this.set({ state: 'total' }, counters.totalCount);
          this.set({ state: 'idle' }, counters.idleCount);
          this.set({ state: 'waiting' }, counters.waitingCount);
        },
      }),
    );
  }

  private outbox(): Promise<OutboxSnapshot> {
    this.reading ??= this.readOutbox().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  private async readOutbox(): Promise<OutboxSnapshot> {
    const [[events], [deliveries]] = await Promise.all([
      this.dataSource.query<{ pending: string | number; oldest: string | null }[]>(
        `SELECT COUNT(*) AS "pending", MIN("createdAt") AS "oldest" FROM "outbox_events" WHERE "dispatchedAt" IS NULL`,
      ),
      this.dataSource.query<{ pending: string | number }[]>(
        `SELECT COUNT(*) AS "pending" FROM "webhook_deliveries" WHERE "status" = 'pending'`,
      ),
    ]);
    const oldest = events.oldest ? Date.parse(events.oldest) : NaN;
    return {
      pendingEvents: Number(events.pending),
      oldestPendingSeconds: Number.isNaN(oldest) ? 0 : Math.max(0, (Date.now() - oldest) / 1000),
      pendingDeliveries: Number(deliveries.pending),
    };
  }
}
