import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, IsNull, Not } from 'typeorm';
import { AccountEntity } from '../../accounts/entities/account.entity';
import { nowIso } from '../../common/clock';
import { isUniqueViolation } from '../../common/errors/database-errors';
import {
  PhoneNumberAlreadyExistsError,
  PhoneNumberQuotaExceededError,
} from '../../common/errors/domain-errors';
import { insertRows, sqlQuery } from '../../database/sql';
import { TransactionRunner } from '../../database/transaction-runner';
import { OutboxService } from '../../events/outbox.service';
import { recordEndpointEvent } from '../endpoint-events';
import { EndpointTagEntity } from '../entities/endpoint-tag.entity';
import { EndpointEntity } from '../entities/endpoint.entity';
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
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Reserves the number: the account row is locked (so racing buys of one account cannot both pass the
   * quota), and the unique phone number makes racing claims of one number lose with a 409.
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
        const [existing] = await sqlQuery(m, 'SELECT "id" FROM "endpoints" WHERE "phoneNumber" = :number', {
          number: endpoint.phoneNumber,
        });
        if (existing) throw new PhoneNumberAlreadyExistsError(endpoint.phoneNumber!);
        if (!endpoint.isVirtualPhoneNumber && account.maxPhoneNumbers !== null) {
          const held = await m.count(EndpointEntity, {
            where: { accountId: account.id, isVirtualPhoneNumber: false, phoneNumber: Not(IsNull()) },
          });
          if (held >= account.maxPhoneNumbers)
            throw new PhoneNumberQuotaExceededError(account.maxPhoneNumbers);
        }
        // Plain INSERTs: the hottest writes, without building a query each time (see insertRows).
        await insertRows(m, EndpointEntity, [endpoint]);
        await insertRows(
          m,
          EndpointTagEntity,
          tagIds.map((tagId) => ({ endpointId: endpoint.id, tagId })),
        );
        if (!endpoint.isVirtualPhoneNumber)
          await m.insert(ProvisioningEventEntity, provisioningEvent('claimed', subject(endpoint), actor));
        // A virtual number is complete once claimed; a bought one when activated (or adopted).
        else await this.recordCreated(m, endpoint);
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
      const result = await m.update(
        EndpointEntity,
        { id: claim.id, status: 'provisioning' },
        { status: 'active', phoneNumberSid, dateLastModified: nowIso() },
      );
      if (result.affected !== 1) return false;
      for (const step of steps)
        await m.insert(
          ProvisioningEventEntity,
          provisioningEvent(step, subject(claim), actor, { phoneNumberSid, detail }),
        );
      await this.recordCreated(m, await m.findOneByOrFail(EndpointEntity, { id: claim.id }));
      return true;
    });
  }

  /** `endpoint.created`, in the transaction that makes the endpoint usable. */
  private async recordCreated(m: EntityManager, endpoint: EndpointEntity): Promise<void> {
    await recordEndpointEvent(this.outbox, m, 'endpoint.created', endpoint);
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

  async findClaim(id: string): Promise<EndpointEntity | null> {
    return this.tx.run((m) => m.findOneBy(EndpointEntity, { id }));
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
    const row = await this.tx.lockForUpdate(m, EndpointEntity, claim.id);
    if (row?.status !== 'provisioning') return false;
    await m.delete(EndpointEntity, { id: claim.id, status: 'provisioning' });
    await m.insert(ProvisioningEventEntity, provisioningEvent(step, subject(claim), actor, extra));
    return true;
  }
}
