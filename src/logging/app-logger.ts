import type { LoggerService } from '@nestjs/common';
import type { DestinationStream, Logger as Pino, Level } from 'pino';
import { LogRequest } from './request-id';

/**
 * Nest's start-up chatter (a line per module and per route mapped), logged at debug instead of info so
 * that what a start says (the first start's admin password and demo tenant ids) is not buried under it.
 */
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/**
 * Nest's logger interface over pino: everything the app and Nest itself log becomes one JSON line.
 * As with Nest's own logger, a string last argument is the context (`new Logger('Reconciler')` passes
 * it); an object message becomes the line's fields, an Error its `err`; a `forRequest(id)` among the
 * arguments names the request (`req.id`).
 */
export class AppLogger implements LoggerService {
  /** `destination`: where `pino` writes, for lines written past pino's formatting (`request-log.ts`). */
  constructor(
    readonly pino: Pino,
    readonly destination: DestinationStream,
  ) {}

  log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams.at(-1);
    const level = typeof context === 'string' && START_UP_CONTEXTS.has(context) ? 'debug' : 'info';
    this.write(level, message, optionalParams);
  }
  error(message: unknown, ...optionalParams: unknown[]): void {
    this.write('error', message, optionalParams);
  }
  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.write('warn', message, optionalParams);
  }
  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.write('debug', message, optionalParams);
  }
  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.write('trace', message, optionalParams);
  }
  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.write('fatal', message, optionalParams);
  }

  private write(level: Level, message: unknown, optionalParams: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    // The request the line is logged for (`forRequest`), wherever it is among the parameters.
    const params = optionalParams.filter((param) => {
      if (!(param instanceof LogRequest)) return true;
      if (param.id !== null) fields.req = { id: param.id };
      return false;
    });
    if (params.length > 0 && typeof params.at(-1) === 'string') fields.context = params.pop();
    // Nest's exception handlers call error(message, stack[, context]).
    if (level === 'error' && typeof message === 'string' && typeof params[0] === 'string') {
      fields.err = { message, stack: params.shift() };
    }
    if (params.length > 0) fields.params = params;
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.pino[level]({ ...fields, ...message });
    else this.pino[level](fields, String(message));
  }
}
