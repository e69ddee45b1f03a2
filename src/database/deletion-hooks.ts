import type { EntityManager } from 'typeorm';

export interface DeletionOptions {
  /** The caller asked to remove or detach what still refers to the deleted rows. */
  force: boolean;
}

/**
 * Lets the modules above an entity take part in its deletion without the entity's module knowing
 * them (modules depend one way): endpoints register what a flow's deletion means for them, and so
 * on. Each hook runs inside the deleting transaction, and may refuse by throwing (e.g. a 409).
 */
export type DeletionHook = (manager: EntityManager, ids: string[], options: DeletionOptions) => Promise<void>;

export class DeletionHooks {
  private readonly hooks: DeletionHook[] = [];

  register(hook: DeletionHook): void {
    this.hooks.push(hook);
  }

  async run(manager: EntityManager, ids: string[], options: DeletionOptions): Promise<void> {
    if (ids.length === 0) return;
    for (const hook of this.hooks) await hook(manager, ids, options);
  }
}
