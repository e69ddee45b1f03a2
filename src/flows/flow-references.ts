import type { EntityManager } from 'typeorm';
import type { ValueTypes } from '../contract/value-types.enum';
import { FieldError, ValidationFailedError } from '../common/errors/domain-errors';
import type { ResourceReference } from './flow-graph';

/** Which of `ids` are objects of the account that a value of the type may name. */
export type ReferenceResolver = (
  manager: EntityManager,
  accountId: string,
  ids: string[],
) => Promise<Set<string>>;

/**
 * Checks that a flow's resource-typed values name objects of the flow's account, in SQL scoped to it.
 * Each module registers the value types its objects answer to (flows: Flow; customers: Customer;
 * endpoints: Endpoint, PhoneNumber, ...), so that flows need not know the modules above them. A type
 * no module registers (AudioFile, File, EmailAccount, Integration, Assistant: objects this service does
 * not hold) is stored unchecked.
 */
export class FlowReferenceResolvers {
  private readonly resolvers = new Map<ValueTypes, ReferenceResolver>();

  register(types: ValueTypes[], resolver: ReferenceResolver): void {
    for (const type of types) this.resolvers.set(type, resolver);
  }

  /**
   * Every reference names an object of the account that a value of its type may name, else a 400
   * naming each one that does not: one query per type, however many references.
   */
  async requireInAccount(
    manager: EntityManager,
    accountId: string,
    references: ResourceReference[],
  ): Promise<void> {
    const idsByType = new Map<ValueTypes, Set<string>>();
    for (const { type, id } of references)
      if (this.resolvers.has(type)) idsByType.set(type, (idsByType.get(type) ?? new Set()).add(id));
    const found = new Map<ValueTypes, Set<string>>();
    for (const [type, ids] of idsByType)
      found.set(type, await this.resolvers.get(type)!(manager, accountId, [...ids]));
    const errors: FieldError[] = references
      .filter((ref) => found.has(ref.type) && !found.get(ref.type)!.has(ref.id))
      .map((ref) => ({
        fieldName: ref.fieldName,
        errorCode: 'NotFound',
        message: `${ref.fieldName} names no ${ref.type} of the flow's account: ${JSON.stringify(ref.id)}`,
      }));
    if (errors.length) throw new ValidationFailedError(errors);
  }
}

/** The references of `next` that `previous` did not hold (the same type and id). */
export function newReferences(next: ResourceReference[], previous: ResourceReference[]): ResourceReference[] {
  const held = new Set(previous.map((r) => `${r.type}:${r.id}`));
  return next.filter((r) => !held.has(`${r.type}:${r.id}`));
}
