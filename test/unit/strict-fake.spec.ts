import { jest } from '@jest/globals';
import { strictFake } from '../helpers/strict-fake';

interface Store {
  read(id: string): Promise<string>;
  write(id: string, value: string): Promise<void>;
}

describe('strictFake', () => {
  it('answers the stubbed members', async () => {
    const store = strictFake<Store>('Store', { read: jest.fn(async (id: string) => `value of ${id}`) });
    await expect(store.read('a')).resolves.toBe('value of a');
  });

  it('fails on a member the test did not stub, naming it', () => {
    const store = strictFake<Store>('Store', { read: async () => 'x' });
    expect(() => store.write('a', 'b')).toThrow('Store.write was used, but the test did not stub it');
  });

  it('can be awaited without counting as a promise', async () => {
    const store = strictFake<Store>('Store');
    await expect(Promise.resolve(store)).resolves.toBe(store);
  });
});
