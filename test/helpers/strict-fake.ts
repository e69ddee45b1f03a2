/**
 * A strict fake for service unit tests: an object of type T whose stubbed members answer as given, and whose
 * every other member throws when it is read, naming the fake and the member. A service that makes a call the
 * test did not expect fails at once, instead of receiving `undefined` and passing by accident.
 *
 *   const endpoints = strictFake<EndpointRepository>('EndpointRepository', { findOne: jest.fn(async () => row) });
 */
export function strictFake<T extends object>(name: string, stubs: Partial<T> = {}): T {
  return new Proxy(stubs as T, {
    get(target, member, receiver) {
      if (Reflect.has(target, member)) return Reflect.get(target, member, receiver);
      // Read by `await fake` and by Jest's printers: the fake is neither a promise nor inspectable by them.
      if (member === 'then' || typeof member === 'symbol' || member === 'asymmetricMatch') return undefined;
      throw new Error(`${name}.${String(member)} was used, but the test did not stub it`);
    },
  });
}
