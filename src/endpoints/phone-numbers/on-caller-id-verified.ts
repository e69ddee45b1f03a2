import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccountEntity } from '../../accounts/entities/account.entity';
import { CallerIdVerificationReported } from '../../telephony/caller-id-verification.event';
import { ProviderCredentialsReader } from '../../telephony/provider-credentials';
import { EndpointRepository } from '../endpoint.repository';
import { PhoneNumbersService } from './phone-numbers.service';

/**
 * When the provider reports how a caller-ID validation ended, the endpoint records it (isCallerIdVerified),
 * provided the report comes from the provider account serving the endpoint's account (else a 403).
 * Errors are not suppressed: they fail the provider's callback, which it then retries.
 */
@Injectable()
export class OnCallerIdVerified {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly endpoints: EndpointRepository,
    private readonly credentials: ProviderCredentialsReader,
    private readonly phoneNumbers: PhoneNumbersService,
  ) {}

  @OnEvent(CallerIdVerificationReported.eventName, { suppressErrors: false })
  async handle(report: CallerIdVerificationReported): Promise<void> {
    const endpoint = await this.endpoints.findById(report.endpointId);
    const account = endpoint
      ? await this.dataSource.manager.findOneBy(AccountEntity, { id: endpoint.accountId })
      : null;
    this.credentials.assertServes(account, report.reportedBy);
    await this.phoneNumbers.recordCallerIdVerification(report.endpointId, report.verified);
  }
}
