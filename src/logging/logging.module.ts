import { Module, RequestMethod } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { operationsConfig } from '../config/operations.config';
import type { LoggedCaller } from './caller';
import { redactHeaders, redactSecrets, redactUrl } from './redaction';

/** Where log lines go: stdout, unless a test provides a stream to read them from. */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');

type LoggedRequest = IncomingMessage & { id?: unknown; caller?: LoggedCaller };

const withCaller = (req: LoggedRequest, _res: ServerResponse, line: object): object =>
  req.caller ? { ...line, caller: req.caller } : line;

/**
 * Structured JSON logs (pino): one line per request with its id (Fastify's, from `X-Request-Id`), the caller, the status and the
 * duration; credentials and secrets redacted.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      providers: [{ provide: LOG_DESTINATION, useValue: null }],
      inject: [operationsConfig.KEY, LOG_DESTINATION],
      useFactory: (ops: ConfigType<typeof operationsConfig>, destination: DestinationStream | null) => {
        const options = {
          level: ops.logLevel,
          // Secrets never reach a line: headers and URLs through the serializers below, anything else
          // the app logs through this formatter.
          formatters: { log: (object: Record<string, unknown>) => redactSecrets(object) },
          // The caller joins the line's own object (a `customProps` binding would build one more child
          // logger per request).
          customSuccessObject: withCaller,
          customErrorObject: withCaller,
          serializers: {
            req: (req: { id: unknown; method: string; url: string; headers: Record<string, unknown> }) => ({
              id: req.id,
              method: req.method,
              url: redactUrl(req.url),
              headers: redactHeaders(req.headers),
            }),
            res: (res: ServerResponse & { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          customSuccessMessage: (req: IncomingMessage, res: ServerResponse) =>
            `${req.method} ${redactUrl(req.url ?? '')} ${res.statusCode}`,
          customErrorMessage: (req: IncomingMessage, res: ServerResponse) =>
            `${req.method} ${redactUrl(req.url ?? '')} ${res.statusCode}`,
        };
        return {
          pinoHttp: destination ? [options, destination] : options,
          // Every route (nestjs-pino's default pattern does not match under Nest 12's Fastify adapter).
          forRoutes: [{ path: '*path', method: RequestMethod.ALL }],
        };
      },
    }),
  ],
})
export class LoggingModule {}
