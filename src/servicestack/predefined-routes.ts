import { Logger } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { NotFoundError } from '../common/errors/domain-errors';
import { hasStringFields, markStringFields } from './body-parsers';

/** ServiceStack's predefined routes: `/api/{Operation}` (JsonServiceClient 2.1+) and the older `/json/reply/{Operation}`. */
export const PREDEFINED_ROUTE_PREFIXES = ['/api', '/json/reply'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

interface Operation {
  name: string;
  /** The HTTP method and path of the operation's own (custom) route. */
  method: string;
  path: string;
  pathParams: string[];
  handler: RouteHandlerMethod;
}

const nativeMethods = new WeakMap<FastifyRequest, string>();

/**
 * The HTTP method of the custom route a request was dispatched to, when it came in through a
 * predefined route (`GET /api/BuyPhoneNumber` reports `POST`); otherwise its own method.
 */
export const nativeMethodOf = (request: FastifyRequest): string =>
  nativeMethods.get(request) ?? request.method;

/**
 * Records the handler of every route Nest registers, so that the predefined routes can dispatch
 * to the very same handler (guards, pipes, interceptors and filters included). Install it before
 * `app.init()`, which registers the routes.
 */
export class RouteRecorder {
  private readonly handlers = new Map<string, RouteHandlerMethod>();

  constructor(fastify: FastifyInstance) {
    fastify.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) this.handlers.set(`${method} ${route.url}`, route.handler);
    });
  }

  handler(method: string, path: string): RouteHandlerMethod | undefined {
    return this.handlers.get(`${method.toUpperCase()} ${path}`);
  }
}

/** Every operation of the OpenAPI document (each route's `operationId`), keyed by lower-cased name. */
function collectOperations(
  document: OpenAPIObject,
  routes: RouteRecorder,
  logger: Logger,
): Map<string, Operation> {
  const operations = new Map<string, Operation>();
  for (const [openApiPath, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operationId = (item as Record<string, { operationId?: string } | undefined>)[method.toLowerCase()]
        ?.operationId;
      if (!operationId) continue;
      const path = openApiPath.replace(/\{([^}]+)\}/g, ':$1');
      const handler = routes.handler(method, path);
      if (!handler) {
        logger.warn(`No route ${method} ${path} for operation ${operationId}: no predefined route`);
        continue;
      }
      const key = operationId.toLowerCase();
      const existing = operations.get(key);
      if (existing) {
        // The same handler on several paths (`/auth` and `/auth/credentials`) is one operation.
        if (existing.handler !== handler)
          logger.warn(
            `${operationId} names two routes; ${existing.method} ${existing.path} serves /api/${operationId}`,
          );
        continue;
      }
      const pathParams = [...openApiPath.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      operations.set(key, { name: operationId, method, path, pathParams, handler });
    }
  }
  return operations;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function findCaseInsensitive(source: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(source, name)) return source[name];
  const lower = name.toLowerCase();
  const key = Object.keys(source).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : source[key];
}

/**
 * A path parameter of the operation, taken from the body or the query by name (case-insensitively).
 * A missing one stays missing: the binding pipe reports it, after the guards have run.
 */
function pathParam(fields: Record<string, unknown>, name: string): string | undefined {
  const value = findCaseInsensitive(fields, name);
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * Registers `/api/:operation` and `/json/reply/:operation` for every method. Each request is
 * dispatched to the handler of the operation's own route; as ServiceStack does, the request DTO is
 * populated from the query string and the body together, and path parameters come from them.
 * Call after `app.init()` (the routes are known) and before the server is ready.
 */
export function registerPredefinedRoutes(
  fastify: FastifyInstance,
  document: OpenAPIObject,
  routes: RouteRecorder,
): number {
  const logger = new Logger('PredefinedRoutes');
  const operations = collectOperations(document, routes, logger);

  async function dispatch(
    this: FastifyInstance,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<unknown> {
    const name = (request.params as { operation: string }).operation;
    const operation = operations.get(name.toLowerCase());
    if (!operation) throw new NotFoundError(`Unknown operation ${name}`);

    const query = (request.query as Record<string, unknown> | undefined) ?? {};
    const body = request.body;
    const fields = isPlainObject(body) ? { ...query, ...body } : { ...query };
    request.params = Object.fromEntries(
      operation.pathParams.flatMap((p) => {
        const value = pathParam(fields, p);
        return value === undefined ? [] : [[p, value]];
      }),
    );
    request.query = fields;
    if (body === undefined || hasStringFields(body)) request.body = markStringFields(fields);
    else if (isPlainObject(body)) request.body = fields;
    nativeMethods.set(request, operation.method);
    return operation.handler.call(this, request, reply);
  }

  for (const prefix of PREDEFINED_ROUTE_PREFIXES) {
    fastify.route({ method: [...METHODS], url: `${prefix}/:operation`, handler: dispatch });
  }
  return operations.size;
}
