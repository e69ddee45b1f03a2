import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager, IsNull, Not } from 'typeorm';
import type { ConfigType } from '@nestjs/config';
import {
  PhoneNumberAlreadyExistsError,
  PhoneNumberQuotaExceededError,
} from '../../common/errors/domain-errors';
import { isUniqueViolation } from '../../common/errors/database-errors';
import { appConfig } from '../../config/app.config';
import { TransactionRunner } from '../../database/transaction-runner';
import { AccountEntity } from '../../accounts/entities/account.entity';
import { TelephonyProviderResolver } from '../../telephony/telephony-provider.resolver';
import { OutboxService } from '../../events/outbox.service';
import { EndpointTypes } from '../dto/endpoint.enums';
import { EndpointTagEntity } from '../entities/endpoint-tag.entity';
import { EndpointEntity } from '../entities/endpoint.entity';

/**
 * Buying a number in three steps, so that money is never spent twice nor lost:
 * 1. claim: in one transaction, check the quota under a lock on the account and insert the endpoint
 *    in state `provisioning` (the unique number makes racing claims lose with a 409);
 * 2. purchase at the provider, outside any transaction;
 * 3. activate: record the provider's SID. If the purchase fails, the claim is removed.
 */
@Injectable()
export class PhoneNumberProvisioner {
  private readonly logger = new Logger(PhoneNumberProvisioner.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly providers: TelephonyProviderResolver,
    private readonly outbox: OutboxService,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  async provision(
    account: AccountEntity,
    endpoint: EndpointEntity,
    tagIds: string[],
  ): Promise<EndpointEntity> {
    await this.claim(account, endpoint, tagIds);
    if (endpoint.isVirtualPhoneNumber) return endpoint;

    const provider = this.providers.forAccount(account);
    let sid: string;
    try {
      const owned = await provider.purchaseNumber({
        phoneNumber: endpoint.phoneNumber!,
        friendlyName: endpoint.displayName,
        addressSid: endpoint.addressSid,
        isFaxNumber: endpoint.type === EndpointTypes.FaxNumber,
        voiceUrl: `${this.app.publicBaseUrl}/webhooks/twilio/voice`,
        smsUrl: `${this.app.publicBaseUrl}/webhooks/twilio/sms`,
      });
      sid = owned.sid;
    } catch (error) {
      await this.removeClaim(endpoint.id);
      throw error;
    }
    await this.tx.run(async (m) => {
      await m.update(EndpointEntity, { id: endpoint.id }, { status: 'active', phoneNumberSid: sid });
      await this.recordCreated(m, Object.assign(endpoint, { status: 'active', phoneNumberSid: sid }));
    });
    return endpoint;
  }

  private async claim(account: AccountEntity, endpoint: EndpointEntity, tagIds: string[]): Promise<void> {
    try {
      await this.tx.run(async (m) => {
        // Serialises buys per account, so that two racing buys cannot both pass the quota check.
        await this.tx.lockForUpdate(m, AccountEntity, account.id);
        const existing = await m.findOne(EndpointEntity, {
          select: { id: true },
          where: { phoneNumber: endpoint.phoneNumber! },
        });
        if (existing) throw new PhoneNumberAlreadyExistsError(endpoint.phoneNumber!);
        if (!endpoint.isVirtualPhoneNumber && account.maxPhoneNumbers !== null) {
          const held = await m.count(EndpointEntity, {
            where: { accountId: account.id, isVirtualPhoneNumber: false, phoneNumber: Not(IsNull()) },
          });
          if (held >= account.maxPhoneNumbers)
            throw new PhoneNumberQuotaExceededError(account.maxPhoneNumbers);
        }
        await m.insert(EndpointEntity, endpoint);
        if (tagIds.length)
          await m.insert(
            EndpointTagEntity,
            tagIds.map((tagId) => ({ endpointId: endpoint.id, tagId })),
          );
        // A virtual number is complete once claimed; a bought one when activated.
        if (endpoint.isVirtualPhoneNumber) await this.recordCreated(m, endpoint);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new PhoneNumberAlreadyExistsError(endpoint.phoneNumber!);
      throw error;
    }
  }

  private recordCreated(m: EntityManager, endpoint: EndpointEntity): Promise<string> {
    return this.outbox.record(
      m,
      'endpoint.created',
      {
        id: endpoint.id,
        accountId: endpoint.accountId,
        customerId: endpoint.customerId,
        type: endpoint.type,
        phoneNumber: endpoint.phoneNumber,
        phoneNumberSid: endpoint.phoneNumberSid,
        isVirtualPhoneNumber: endpoint.isVirtualPhoneNumber,
        displayName: endpoint.displayName,
      },
      endpoint.accountId,
    );
  }

  private async removeClaim(endpointId: string): Promise<void> {
    await this.tx.run(async (m) => {
      await m.delete(EndpointTagEntity, { endpointId });
      await m.delete(EndpointEntity, { id: endpointId, status: 'provisioning' });
    });
    this.logger.log(`Purchase failed; claim ${endpointId} removed`);
  }
}
