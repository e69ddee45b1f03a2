import type { EntityManager } from 'typeorm';

export interface DeletionOptions {
  /** The caller asked to remove or detach what still refers to the deleted rows. */
  force: boolean;
}

/**
 * What deleting some rows means for another module, run inside the deleting transaction with its
 * manager. It may refuse by throwing (e.g. a 409): the transaction then rolls back.
 */
export type DeletionHook = (manager: EntityManager, ids: string[], options: DeletionOptions) => Promise<void>;

/**
 * When a hook runs: every `check` (a hook that may refuse the deletion, or detach what refers to the
 * rows) before any `cascade` (a hook that deletes what belongs to the rows), so that a refusal comes
 * before anything is deleted. Hooks of one stage must not depend on each other's order; they run in
 * the order they were registered.
 */
export type DeletionStage = 'check' | 'cascade';

const STAGES: DeletionStage[] = ['check', 'cascade'];

/**
 * Lets the modules above an entity take part in its deletion without the entity's module knowing
 * them (modules depend one way). Each reaction is a provider of the reacting module, in a file named
 * for it (e.g. `endpoints/on-flows-deleting.ts`), that registers its hook here in `onModuleInit`.
 */
export class DeletionHooks {
  private readonly hooks = new Map<DeletionStage, DeletionHook[]>(STAGES.map((stage) => [stage, []]));

  register(stage: DeletionStage, hook: DeletionHook): void {
    this.hooks.get(stage)!.push(hook);
  }

  async run(manager: EntityManager, ids: string[], options: DeletionOptions): Promise<void> {
    if (ids.length === 0) return;
    for (const stage of STAGES) for (const hook of this.hooks.get(stage)!) await hook(manager, ids, options);
  }
}
