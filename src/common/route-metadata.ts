import type { ExecutionContext, Type } from '@nestjs/common';

/**
 * What a guard reads off a route's decorators, worked out once per route and then remembered (reading
 * metadata walks the prototype chain on every call). Keyed by controller and handler, so a handler a
 * subclass inherits is read for each class.
 */
export function routeMetadata<T>(
  read: (handler: (...args: unknown[]) => unknown, controller: Type) => T,
): (context: ExecutionContext) => T {
  const byController = new WeakMap<Type, WeakMap<object, T>>();
  return (context) => {
    const controller = context.getClass();
    const handler = context.getHandler() as (...args: unknown[]) => unknown;
    let byHandler = byController.get(controller);
    if (!byHandler) byController.set(controller, (byHandler = new WeakMap()));
    if (!byHandler.has(handler)) byHandler.set(handler, read(handler, controller));
    return byHandler.get(handler)!;
  };
}
