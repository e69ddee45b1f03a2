import { CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { createHmac } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, Observable, of, throwError } from 'rxjs';
import type { Principal } from '../common/auth/principal';
import { renderError } from '../common/errors/all-exceptions.filter';
import { InvalidFieldError } from '../common/errors/domain-errors';
import { ReplayedError } from './idempotency.errors';
import type { ResponseStatusEnvelope } from '../common/errors/response-status.dto';
import type { TraceableRequest } from '../common/request-context/request-trace';
import { deriveKey } from '../security/derived-key';
import { authConfig } from '../config/auth.config';
import { IdempotencyService } from './idempotency.service';
import { forRequest } from '../logging/request-id';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
/** On a replay of an answer that carried a secret: the fields left out, comma-separated. */
export const SECRET_WITHHELD_HEADER = 'Idempotent-Secret-Withheld';
const MAX_KEY_LENGTH = 255;

/**
 * Failures a retry may well cure: not stored, so that the same key runs the request again. A 409
 * depends on state that changes (a number held by a claim that is then removed or settled).
 */
const RETRYABLE_4XX = new Set([408, 409, 425, 429]);

/** JSON with object keys sorted, so that the same body always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * The key of the fingerprints, derived from JWT_SECRET (so every instance has the same one, and the
 * fingerprints change if it does: a key used before a change of JWT_SECRET is then a 422).
 */
export const fingerprintKey = (jwtSecret: string): Buffer =>
  deriveKey(jwtSecret, 'evovoice idempotency fingerprint');

/**
 * What one key stands for: the operation (its handler, so its method and route template), the path
 * parameters, the canonical body, and (through the key's scope) the caller. The same key with any of
 * them different is another request: 422. An HMAC under `key` (`fingerprintKey`), not a plain hash: a
 * body may hold a secret (a new user's password), which a copy of the database must not let anyone
 * check guesses against.
 */
export function requestFingerprint(key: Buffer, operation: string, params: unknown, body: unknown): string {
  return createHmac('sha256', key)
    .update(`${operation}\n${canonicalJson(params ?? {})}\n${canonicalJson(body ?? null)}`)
    .digest('hex');
}

/** A route's fields that hold a secret shown once (`@Idempotent({ secretFields })`). */
export const IDEMPOTENT_SECRET_FIELDS = 'idempotent:secretFields';

/** The name a route's fingerprints give it, when not `Controller.handler` (`@Idempotent({ operation })`). */
export const IDEMPOTENT_OPERATION = 'idempotent:operation';

/**
 * `Idempotency-Key` on a create (see `@Idempotent()`):
 * - first use: the request runs; a 2xx or a 4xx answer is stored for the key's life (at least 24 h);
 *   a 5xx (or 408/409/425/429) is not, so that retrying with the same key runs the request again;
 * - same key and same body (and operation): the stored answer is replayed with `Idempotent-Replayed: true`;
 * - same key, another body or operation: 422; same key while the first request still runs: 409.
 * Keys belong to the calling user and never match another caller's.
 * A route's secret fields (an API key) are never stored: a replay answers without them, naming them in
 * `Idempotent-Secret-Withheld`.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);
  private readonly fingerprintKey: Buffer;

  constructor(
    private readonly keys: IdempotencyService,
    @Inject(authConfig.KEY) auth: ConfigType<typeof authConfig>,
  ) {
    this.fingerprintKey = fingerprintKey(auth.jwtSecret);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context
      .switchToHttp()
      .getRequest<FastifyRequest & TraceableRequest & { user?: Principal }>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const key = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (key === undefined || !request.user) return next.handle();
    if (typeof key !== 'string' || key.trim() === '' || key.length > MAX_KEY_LENGTH)
      throw new InvalidFieldError(
        'Idempotency-Key',
        'Invalid',
        `Idempotency-Key must be one non-empty value of at most ${MAX_KEY_LENGTH} characters.`,
      );
    const operation =
      (Reflect.getMetadata(IDEMPOTENT_OPERATION, context.getHandler()) as string | undefined) ??
      `${context.getClass().name}.${context.getHandler().name}`;
    const fingerprint = requestFingerprint(this.fingerprintKey, operation, request.params, request.body);
    const secretFields =
      (Reflect.getMetadata(IDEMPOTENT_SECRET_FIELDS, context.getHandler()) as string[] | undefined) ?? [];

    return from(this.keys.begin(`user:${request.user.userId}`, key, fingerprint)).pipe(
      mergeMap((outcome) => {
        if (outcome.kind === 'replay') {
          void reply.header(REPLAYED_HEADER, 'true');
          if (outcome.status >= 400) throw replayedError(outcome.status, outcome.body);
          if (secretFields.length) void reply.header(SECRET_WITHHELD_HEADER, secretFields.join(','));
          return of(outcome.body);
        }
        // The audit records of the request name the key (`@Trace()`).
        request.idempotencyKey = key;
        return next.handle().pipe(
          mergeMap(async (body: unknown) => {
            const kept = withoutFields(body, secretFields);
            await this.settle(request.id, () => this.keys.complete(outcome.id, reply.statusCode, kept));
            return body;
          }),
          catchError((error: unknown) =>
            from(this.recordFailure(request.id, outcome.id, error)).pipe(
              mergeMap(() => throwError(() => error)),
            ),
          ),
        );
      }),
    );
  }

  private async recordFailure(requestId: string, id: string, error: unknown): Promise<void> {
    const { status, body } = renderError(error, false);
    if (status >= 400 && status < 500 && !RETRYABLE_4XX.has(status))
      await this.settle(requestId, () => this.keys.complete(id, status, body));
    else await this.settle(requestId, () => this.keys.abandon(id));
  }

  /**
   * The answer goes out even when the key cannot be updated; the key then stays in flight until its
   * lock expires, and a retry in between gets 409 (never a second execution).
   */
  private async settle(requestId: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.error(`Could not record an idempotency key: ${String(error)}`, forRequest(requestId));
    }
  }
}

/** The answer as stored for replays: the secret fields left out. */
function withoutFields(body: unknown, fields: string[]): unknown {
  if (!fields.length || body === null || typeof body !== 'object') return body;
  const kept = { ...(body as Record<string, unknown>) };
  for (const field of fields) delete kept[field];
  return kept;
}

function replayedError(status: number, body: unknown): ReplayedError {
  const rs = (body as Partial<ResponseStatusEnvelope> | undefined)?.responseStatus;
  return new ReplayedError(
    status,
    rs?.errorCode ?? 'Error',
    rs?.message ?? 'Error',
    (rs?.errors ?? []).map((e) => ({ errorCode: e.errorCode, fieldName: e.fieldName, message: e.message })),
  );
}
