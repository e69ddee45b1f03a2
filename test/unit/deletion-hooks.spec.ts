import type { EntityManager } from 'typeorm';
import { DeletionHooks } from '../../src/database/deletion-hooks';

/** The hooks only pass the manager on; none of these reads it. */
const manager = {} as EntityManager;

describe('deletion hooks', () => {
  it('run every check before any cascade, whatever order the modules registered them in', async () => {
    const hooks = new DeletionHooks();
    const ran: string[] = [];
    hooks.register('cascade', async () => void ran.push('delete tags'));
    hooks.register('check', async () => void ran.push('refuse while endpoints'));
    hooks.register('cascade', async () => void ran.push('delete customers'));
    await hooks.run(manager, ['a'], { force: true });
    expect(ran).toEqual(['refuse while endpoints', 'delete tags', 'delete customers']);
  });

  it('delete nothing once a check refuses: the refusal propagates before any cascade runs', async () => {
    const hooks = new DeletionHooks();
    const ran: string[] = [];
    hooks.register('cascade', async () => void ran.push('delete customers'));
    hooks.register('check', async () => {
      throw new Error('AccountHasEndpoints');
    });
    await expect(hooks.run(manager, ['a'], { force: true })).rejects.toThrow('AccountHasEndpoints');
    expect(ran).toEqual([]);
  });

  it('run nothing for no rows', async () => {
    const hooks = new DeletionHooks();
    const ran: string[] = [];
    hooks.register('check', async () => void ran.push('check'));
    await hooks.run(manager, [], { force: false });
    expect(ran).toEqual([]);
  });
});
