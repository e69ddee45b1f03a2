import { jest } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import type { AccountsService } from '../../src/accounts/accounts.service';
import { ProviderAccountChangeChecks } from '../../src/accounts/provider-account-change-checks';
import type { EndpointRepository } from '../../src/endpoints/endpoint.repository';
import { PhoneNumbersOnAccountProviderChanging } from '../../src/endpoints/phone-numbers/on-account-provider-changing';
import type { ProvisioningStore } from '../../src/endpoints/phone-numbers/provisioning/provisioning-store';
import { strictFake } from '../helpers/strict-fake';

/** The checks AccountsService runs before a provider-account change, with phone numbers' registered. */
function checksWith(held: { numbers: number; orphans: number }) {
  const checks = new ProviderAccountChangeChecks();
  const countNumbersHeld = jest.fn(async () => held.numbers);
  const countUnreleasedOrphans = jest.fn(async () => held.orphans);
  new PhoneNumbersOnAccountProviderChanging(
    strictFake<AccountsService>('AccountsService', { providerAccountChangeChecks: checks }),
    strictFake<EndpointRepository>('EndpointRepository', { countNumbersHeld }),
    strictFake<ProvisioningStore>('ProvisioningStore', { countUnreleasedOrphans }),
  ).onModuleInit();
  return { checks, countNumbersHeld, countUnreleasedOrphans };
}

const manager = strictFake<EntityManager>('EntityManager');

describe("phone numbers' check before an account's provider account changes", () => {
  it('lets the change through when the account holds no number there', async () => {
    const { checks, countNumbersHeld, countUnreleasedOrphans } = checksWith({ numbers: 0, orphans: 0 });
    await expect(checks.run(manager, 'acc-1', 'isBYOA')).resolves.toBeUndefined();
    // Both counted in the changing transaction, for that account.
    expect(countNumbersHeld).toHaveBeenCalledWith(manager, 'acc-1');
    expect(countUnreleasedOrphans).toHaveBeenCalledWith(manager, 'acc-1');
  });

  it.each([
    { numbers: 2, orphans: 0, total: 2 },
    { numbers: 0, orphans: 1, total: 1 },
    { numbers: 2, orphans: 1, total: 3 },
  ])(
    'refuses with a 409 naming the field while it holds $numbers number(s) and $orphans orphan(s)',
    async ({ numbers, orphans, total }) => {
      const { checks } = checksWith({ numbers, orphans });
      await expect(checks.run(manager, 'acc-1', 'twilioAccountSid')).rejects.toMatchObject({
        status: 409,
        errorCode: 'AccountHoldsNumbers',
        message: expect.stringContaining(
          `twilioAccountSid cannot change while the account holds ${total} number(s)`,
        ),
        fieldErrors: [expect.objectContaining({ fieldName: 'twilioAccountSid' })],
      });
    },
  );
});
