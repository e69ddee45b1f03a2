import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics, type Metric } from 'prom-client';
import { AppError } from '../common/errors/domain-errors';
import type { TelephonyProvider } from '../telephony/telephony.provider';

/** Seconds, for request and provider call durations: 5 ms to 30 s. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** What an error is called in a label: its error code (a fixed set), else `InternalError`. */
export const errorLabel = (error: unknown): string =>
  error instanceof AppError ? error.errorCode : 'InternalError';

/**
 * The service's Prometheus metrics, in a registry of this app's own (not prom-client's global one, so
 * that several apps in one process do not share counters), served at `GET /metrics`. Each is recorded
 * where its event happens; the database-backed gauges (outbox, deliveries, pool) are read on scrape
 * (`MetricsCollector`).
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  /** By route template (never the raw URL, so the label set stays bounded), method and status code. */
  readonly httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to answering it, by route template, method and status code',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  readonly phoneNumberBuys = new Counter({
    name: 'phone_number_buys_total',
    help: 'BuyPhoneNumber requests by outcome: bought, virtual, or the error code answered',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly providerCallDuration = new Histogram({
    name: 'telephony_provider_call_duration_seconds',
    help: 'Calls to the telephony provider, by provider, operation and outcome (ok or error)',
    labelNames: ['provider', 'operation', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  readonly providerErrors = new Counter({
    name: 'telephony_provider_errors_total',
    help: 'Failed calls to the telephony provider, by provider, operation and the error code they became',
    labelNames: ['provider', 'operation', 'error'] as const,
    registers: [this.registry],
  });

  readonly reconcilerFindings = new Counter({
    name: 'reconciler_findings_total',
    help: 'What reconciler runs found, by kind (adopted, released, boughtOutsideService, missingAtProvider, ...)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly rateLimitRefusals = new Counter({
    name: 'rate_limit_refusals_total',
    help: 'Requests refused with a 429, by rate-limit category (authFailures: too many failed authentications)',
    labelNames: ['category'] as const,
    registers: [this.registry],
  });

  private readonly durationByKey = new Map<string, ReturnType<typeof this.httpRequestDuration.labels>>();
  private readonly measuredProviders = new WeakMap<TelephonyProvider, TelephonyProvider>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Adds a metric read on scrape (a gauge with a `collect`), e.g. from the database. */
  register(metric: Metric): void {
    this.registry.registerMetric(metric);
  }

  /**
   * One answered request. The labelled child is looked up once per route, method and status: the hot
   * path costs a map lookup and an observation.
   */
  observeRequest(route: string, method: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let child = this.durationByKey.get(key);
    if (!child) {
      child = this.httpRequestDuration.labels(route, method, String(status));
      this.durationByKey.set(key, child);
    }
    child.observe(seconds);
  }

  /** Counts a buy's outcome once it settles, and hands on its result or error. */
  async countBuy<T>(buy: Promise<T>, isVirtual: boolean | undefined): Promise<T> {
    try {
      const result = await buy;
      this.phoneNumberBuys.inc({ outcome: isVirtual ? 'virtual' : 'bought' });
      return result;
    } catch (error) {
      this.phoneNumberBuys.inc({ outcome: errorLabel(error) });
      throw error;
    }
  }

  /**
   * The provider with every call timed and every failure counted: one wrapper per provider object,
   * applied where providers are handed out (`TelephonyProviderResolver`).
   */
  measured<P extends TelephonyProvider>(provider: P): P {
    const known = this.measuredProviders.get(provider);
    if (known) return known as P;
    const wrappers = new Map<string | symbol, unknown>();
    const measured = new Proxy(provider, {
      get: (target, key) => {
        const value: unknown = Reflect.get(target, key);
        if (typeof value !== 'function' || key === 'constructor') return value;
        let wrapper = wrappers.get(key);
        if (!wrapper) {
          const operation = String(key);
          wrapper = (...args: unknown[]) => this.timeCall(target, operation, () => value.apply(target, args));
          wrappers.set(key, wrapper);
        }
        return wrapper;
      },
    });
    this.measuredProviders.set(provider, measured);
    return measured;
  }

  private timeCall(provider: TelephonyProvider, operation: string, call: () => unknown): unknown {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    const labels = { provider: provider.name, operation };
    let result: unknown;
    try {
      result = call();
    } catch (error) {
      this.failed(labels, seconds(), error);
      throw error;
    }
    if (!(result instanceof Promise)) return result;
    return result.then(
      (value: unknown) => {
        this.providerCallDuration.observe({ ...labels, outcome: 'ok' }, seconds());
        return value;
      },
      (error: unknown) => {
        this.failed(labels, seconds(), error);
        throw error;
      },
    );
  }

  private failed(labels: { provider: string; operation: string }, seconds: number, error: unknown): void {
    this.providerCallDuration.observe({ ...labels, outcome: 'error' }, seconds);
    this.providerErrors.inc({ ...labels, error: errorLabel(error) });
  }

  /** Adds a reconciler run's counts (one account's) to the findings. */
  countReconciliation(counts: object): void {
    for (const [kind, n] of Object.entries(counts) as [string, number][])
      if (n > 0) this.reconcilerFindings.inc({ kind }, n);
  }
}
