import type { EntityManager } from 'typeorm';

/**
 * A check run before an account's provider account changes (`isBYOA`, or `twilioAccountSid` of an own
 * account), in the changing transaction, under the account's row lock. It refuses by throwing (a 409
 * naming `fieldName`); the transaction then rolls back.
 */
export type ProviderAccountChangeCheck = (
  manager: EntityManager,
  accountId: string,
  fieldName: 'isBYOA' | 'twilioAccountSid',
) => Promise<void>;

/**
 * Lets the modules that hold things at the provider (phone numbers) refuse a change of provider account
 * without the accounts module knowing them. Each check is a provider of its module, in a file named for
 * it (`on-account-provider-changing.ts`), registered in `onModuleInit`.
 */
export class ProviderAccountChangeChecks {
  private readonly checks: ProviderAccountChangeCheck[] = [];

  register(check: ProviderAccountChangeCheck): void {
    this.checks.push(check);
  }

  async run(...args: Parameters<ProviderAccountChangeCheck>): Promise<void> {
    for (const check of this.checks) await check(...args);
  }
}
