import {
  CallHandler,
  ExecutionContext,
  HttpStatus,
  Inject,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Observable, TimeoutError, catchError, throwError, timeout } from 'rxjs';
import { AppError } from '../common/errors/domain-errors';
import { operationsConfig } from '../config/operations.config';

export class RequestTimeoutError extends AppError {
  readonly status = HttpStatus.SERVICE_UNAVAILABLE;
  readonly errorCode = 'RequestTimeout';
}

/**
 * Answers 503 when a handler runs longer than REQUEST_TIMEOUT_MS, so a stuck dependency does not hold
 * the client forever. The work itself is not cancelled: a buy that completes later is still recorded.
 */
@Injectable()
export class RequestTimeoutInterceptor implements NestInterceptor {
  constructor(@Inject(operationsConfig.KEY) private readonly ops: ConfigType<typeof operationsConfig>) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const ms = this.ops.requestTimeoutMs;
    return next.handle().pipe(
      timeout(ms),
      catchError((error: unknown) =>
        throwError(() =>
          error instanceof TimeoutError
            ? new RequestTimeoutError(`The request took longer than ${ms} ms; retry later`)
            : error,
        ),
      ),
    );
  }
}
