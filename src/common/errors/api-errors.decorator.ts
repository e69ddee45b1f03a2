import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ResponseStatusEnvelope } from './response-status.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: `responseStatus.errors` names each field',
  404: 'Not found, or not visible to the caller',
  409: 'Conflicts with the current state; nothing was changed',
  422: 'Unprocessable (e.g. an idempotency key reused with another body)',
  429: 'Too many requests: wait for the seconds in `Retry-After`',
  503: 'The telephony provider failed; nothing was bought or stored',
  504: 'The provider did not confirm in time; the outcome is settled by the reconciler',
};

/** Documents the error statuses a route can answer, each with the `responseStatus` envelope. */
export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: ResponseStatusEnvelope }),
    ),
  );
