import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { Principal } from '../common/auth/principal';

/** What the request log line says about who called. */
export interface LoggedCaller {
  userId: string;
  authMethod: Principal['authMethod'];
}

export interface RequestWithCaller {
  user?: Principal;
  raw: { caller?: LoggedCaller };
}

/**
 * Hands the authenticated caller to the request log line (pino-http logs from the raw Node request,
 * which passport does not touch). Runs after the guards, so it knows the principal.
 */
@Injectable()
export class CallerInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<RequestWithCaller>();
    if (request.user && request.raw)
      request.raw.caller = { userId: request.user.userId, authMethod: request.user.authMethod };
    return next.handle();
  }
}
