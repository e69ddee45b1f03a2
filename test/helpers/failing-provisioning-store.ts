import { QueryFailedError } from 'typeorm';
import { ProvisioningStore } from '../../src/endpoints/phone-numbers/provisioning/provisioning-store';
import type { ProvisioningStep } from '../../src/endpoints/phone-numbers/provisioning/entities/provisioning-event.entity';
import type { AuditActor } from '../../src/endpoints/phone-numbers/provisioning/provisioning-events';

/**
 * The real ProvisioningStore, whose activation after a purchase (and, when asked, the removal of a
 * claim) fails like a database that went away, for as many times as the test arms it.
 */
export class FailingProvisioningStore extends ProvisioningStore {
  activationFailures = 0;
  claimRemovalFailures = 0;

  override async activate(
    claim: Parameters<ProvisioningStore['activate']>[0],
    phoneNumberSid: string,
    actor: AuditActor,
    steps: ProvisioningStep[],
    detail?: string,
  ): Promise<boolean> {
    if (steps.includes('activated') && this.activationFailures > 0) {
      this.activationFailures -= 1;
      throw databaseGone();
    }
    return super.activate(claim, phoneNumberSid, actor, steps, detail);
  }

  override async removeClaim(...args: Parameters<ProvisioningStore['removeClaim']>): Promise<boolean> {
    if (this.claimRemovalFailures > 0) {
      this.claimRemovalFailures -= 1;
      throw databaseGone();
    }
    return super.removeClaim(...args);
  }
}

const databaseGone = () =>
  new QueryFailedError('UPDATE "endpoints" ...', [], new Error('injected: the database connection was lost'));
