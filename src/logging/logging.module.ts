import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import pino, { type DestinationStream } from 'pino';
import pinoPretty from 'pino-pretty';
import { operationsConfig } from '../config/operations.config';
import { AppLogger } from './app-logger';
import { BatchedDestination } from './batched-destination';
import { redactSecrets } from './redaction';

/** Where log lines go: stdout, unless a test provides a stream to read them from. */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');

/**
 * Structured logs (pino) at LOG_LEVEL, as JSON lines or, with LOG_FORMAT=pretty (the default in
 * development on a terminal), through pino-pretty as readable lines. The app logs through `AppLogger`
 * (Nest's `Logger` too, once `createApp` hands it over); each request gets one line of its own
 * (`request-log.ts`). Secrets never reach a line: anything logged passes the redaction formatter. Lines
 * reach the destination one write per turn of the event loop (`BatchedDestination`); shutdown writes
 * out the rest.
 */
@Module({
  providers: [
    { provide: LOG_DESTINATION, useValue: null },
    {
      provide: BatchedDestination,
      inject: [LOG_DESTINATION, operationsConfig.KEY],
      useFactory: (given: DestinationStream | null, ops: ConfigType<typeof operationsConfig>) => {
        const destination = given ?? pino.destination({ dest: 1, sync: true });
        if (ops.logFormat === 'json') return new BatchedDestination(destination);
        // pino-pretty reads the same JSON lines and writes each as a readable line.
        const pretty = pinoPretty({
          destination,
          sync: true,
          colorize: given === null && process.stdout.isTTY === true,
          // The message prefixed by its context; a request line shows its method, URL and status (its
          // headers only in JSON).
          messageFormat: '{if context}[{context}] {end}{msg}',
          ignore: 'pid,hostname,context,req.headers',
          translateTime: 'SYS:HH:MM:ss.l',
        });
        return new BatchedDestination(pretty);
      },
    },
    {
      provide: AppLogger,
      inject: [operationsConfig.KEY, BatchedDestination],
      useFactory: (ops: ConfigType<typeof operationsConfig>, destination: BatchedDestination) => {
        const options: pino.LoggerOptions = {
          level: ops.logLevel,
          formatters: { log: (object: Record<string, unknown>) => redactSecrets(object) },
        };
        return new AppLogger(pino(options, destination), destination);
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
