import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import { AccountEntity } from '../../../accounts/entities/account.entity';
import { nowIso } from '../../../common/clock';
import { isUniqueViolation } from '../../../common/errors/database-errors';
import { PhoneNumberAlreadyExistsError, PhoneNumberQuotaExceededError } from '../phone-number.errors';
import { TransactionRunner } from '../../../database/transaction-runner';
import { EndpointRepository } from '../../endpoint.repository';
import { EndpointEntity } from '../../entities/endpoint.entity';
import { ProvisioningEventEntity, ProvisioningStep } from './entities/provisioning-event.entity';
import { ProvisioningOrphanEntity } from './entities/provisioning-orphan.entity';
import { type AuditActor, provisioningEvent } from './provisioning-events';

type Claim = Pick<EndpointEntity, 'id' | 'accountId' | 'phoneNumber'>;

const subject = (claim: Claim) => ({
  accountId: claim.accountId,
  phoneNumber: claim.phoneNumber!,
  endpointId: claim.id,
});

/**
 * The database steps of provisioning, each one transaction that also appends its audit record.
 * A separate provider so that tests can make one step fail (Nest `overrideProvider`).
 */
@Injectable()
export class ProvisioningStore {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly endpoints: EndpointRepository,
  ) {}

  /**
   * Reserves the number: the account row is locked (so racing buys of one account cannot both pass the
   * quota), and the unique phone number makes racing claims of one number lose with a 409. The quota
   * is the phone numbers' own: the account's maxPhoneNumbers caps the numbers it holds at the provider,
   * so a virtual number (only recorded) is never counted nor refused by it.
   */
  async claim(
    account: AccountEntity,
    endpoint: EndpointEntity,
    tagIds: string[],
    actor: AuditActor,
  ): Promise<void> {
    try {
      await this.tx.run(async (m) => {
        await this.tx.lock(m, AccountEntity, account.id);
        if (await this.endpoints.phoneNumberTaken(m, endpoint.phoneNumber!))
          throw new PhoneNumberAlreadyExistsError(endpoint.phoneNumber!);
        if (!endpoint.isVirtualPhoneNumber && account.maxPhoneNumbers !== null) {
          const held = await this.endpoints.countBoughtNumbers(m, account.id);
          if (held >= account.maxPhoneNumbers)
            throw new PhoneNumberQuotaExceededError(account.maxPhoneNumbers);
        }
        await this.endpoints.insert(m, endpoint, tagIds);
        if (!endpoint.isVirtualPhoneNumber)
          await m.insert(ProvisioningEventEntity, provisioningEvent('claimed', subject(endpoint), actor));
        // A virtual number is complete once claimed; a bought one when activated (or adopted).
        else await this.endpoints.recordCreated(m, endpoint);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new PhoneNumberAlreadyExistsError(endpoint.phoneNumber!);
      throw error;
    }
  }

  /**
   * Marks the claim active with the provider's SID. Returns false when the claim is no longer
   * `provisioning` (the reconciler settled it first).
   */
  async activate(
    claim: Claim,
    phoneNumberSid: string,
    actor: AuditActor,
    steps: ProvisioningStep[],
    detail?: string,
  ): Promise<boolean> {
    return this.tx.run(async (m) => {
      if (!(await this.endpoints.activateClaim(m, claim.id, phoneNumberSid))) return false;
      for (const step of steps)
        await m.insert(
          ProvisioningEventEntity,
          provisioningEvent(step, subject(claim), actor, { phoneNumberSid, detail }),
        );
      return true;
    });
  }

  /** Removes a claim that was never bought (or whose number was released), with the step that explains it. */
  async removeClaim(
    claim: Claim,
    step: ProvisioningStep,
    actor: AuditActor,
    extra: { phoneNumberSid?: string | null; detail?: string } = {},
  ): Promise<boolean> {
    return this.tx.run(async (m) => this.removeClaimIn(m, claim, step, actor, extra));
  }

  /** The number could not be released after a failed activation: remember it, and free the claim. */
  async recordOrphan(
    claim: Claim,
    phoneNumberSid: string,
    actor: AuditActor,
    releaseError: string,
  ): Promise<void> {
    await this.tx.run(async (m) => {
      await m.insert(ProvisioningOrphanEntity, {
        id: randomUUID(),
        accountId: claim.accountId,
        phoneNumber: claim.phoneNumber!,
        phoneNumberSid,
        releaseAttempts: 1,
        lastError: releaseError.slice(0, 2000),
        dateCreated: nowIso(),
        releasedAt: null,
      });
      await this.removeClaimIn(m, claim, 'orphaned', actor, { phoneNumberSid, detail: releaseError });
    });
  }

  /** The account's orphans still awaiting release (in the caller's transaction). */
  countUnreleasedOrphans(m: EntityManager, accountId: string): Promise<number> {
    return m.count(ProvisioningOrphanEntity, { where: { accountId, releasedAt: IsNull() } });
  }

  async findClaim(id: string): Promise<EndpointEntity | null> {
    return this.tx.run((m) => this.endpoints.findById(id, m));
  }

  /** Appends one audit record on its own. */
  async recordEvent(event: ProvisioningEventEntity): Promise<void> {
    await this.tx.run((m) => m.insert(ProvisioningEventEntity, event));
  }

  private async removeClaimIn(
    m: EntityManager,
    claim: Claim,
    step: ProvisioningStep,
    actor: AuditActor,
    extra: { phoneNumberSid?: string | null; detail?: string },
  ): Promise<boolean> {
    if (!(await this.endpoints.removeClaim(m, claim.id))) return false;
    await m.insert(ProvisioningEventEntity, provisioningEvent(step, subject(claim), actor, extra));
    return true;
  }
}
