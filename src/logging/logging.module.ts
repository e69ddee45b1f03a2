import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import pino, { type DestinationStream } from 'pino';
import { operationsConfig } from '../config/operations.config';
import { AppLogger } from './app-logger';
import { BatchedDestination } from './batched-destination';
import { redactSecrets } from './redaction';

/** Where log lines go: stdout, unless a test provides a stream to read them from. */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');

/**
 * Structured JSON logs (pino) at LOG_LEVEL. The app logs through `AppLogger` (Nest's `Logger` too, once
 * `createApp` hands it over); each request gets one line of its own (`request-log.ts`). Secrets never
 * reach a line: anything logged passes the redaction formatter. Lines reach the destination one write
 * per turn of the event loop (`BatchedDestination`); shutdown writes out the rest.
 */
@Module({
  providers: [
    { provide: LOG_DESTINATION, useValue: null },
    {
      provide: BatchedDestination,
      inject: [LOG_DESTINATION],
      useFactory: (destination: DestinationStream | null) =>
        new BatchedDestination(destination ?? pino.destination({ dest: 1, sync: true })),
    },
    {
      provide: AppLogger,
      inject: [operationsConfig.KEY, BatchedDestination],
      useFactory: (ops: ConfigType<typeof operationsConfig>, destination: BatchedDestination) => {
        const options: pino.LoggerOptions = {
          level: ops.logLevel,
          formatters: { log: (object: Record<string, unknown>) => redactSecrets(object) },
        };
        return new AppLogger(pino(options, destination));
      },
    },
  ],
  exports: [AppLogger],
})
export class LoggingModule implements OnApplicationShutdown {
  constructor(@Inject(BatchedDestination) private readonly destination: BatchedDestination) {}

  onApplicationShutdown(): void {
    this.destination.end();
  }
}
