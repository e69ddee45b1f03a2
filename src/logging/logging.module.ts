import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import pino, { type DestinationStream } from 'pino';
import { operationsConfig } from '../config/operations.config';
import { AppLogger } from './app-logger';
import { redactSecrets } from './redaction';

/** Where log lines go: stdout, unless a test provides a stream to read them from. */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');

/**
 * Structured JSON logs (pino) at LOG_LEVEL. The app logs through `AppLogger` (Nest's `Logger` too, once
 * `createApp` hands it over); each request gets one line of its own (`request-log.ts`). Secrets never
 * reach a line: anything logged passes the redaction formatter.
 */
@Module({
  providers: [
    { provide: LOG_DESTINATION, useValue: null },
    {
      provide: AppLogger,
      inject: [operationsConfig.KEY, LOG_DESTINATION],
      useFactory: (ops: ConfigType<typeof operationsConfig>, destination: DestinationStream | null) => {
        const options: pino.LoggerOptions = {
          level: ops.logLevel,
          formatters: { log: (object: Record<string, unknown>) => redactSecrets(object) },
        };
        return new AppLogger(destination ? pino(options, destination) : pino(options));
      },
    },
  ],
  exports: [AppLogger],
})
export class LoggingModule {}
