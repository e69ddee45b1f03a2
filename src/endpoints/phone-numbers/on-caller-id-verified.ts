import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AccountsService } from '../../accounts/accounts.service';
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
    private readonly accounts: AccountsService,
    private readonly endpoints: EndpointRepository,
    private readonly credentials: ProviderCredentialsReader,
    private readonly phoneNumbers: PhoneNumbersService,
  ) {}

  @OnEvent(CallerIdVerificationReported.eventName, { suppressErrors: false })
  async handle(report: CallerIdVerificationReported): Promise<void> {
    const endpoint = await this.endpoints.findById(report.endpointId);
    const account = endpoint ? await this.accounts.findById(endpoint.accountId) : null;
    this.credentials.assertServes(account, report.reportedBy);
    await this.phoneNumbers.recordCallerIdVerification(report.endpointId, report.verified);
  }
}
