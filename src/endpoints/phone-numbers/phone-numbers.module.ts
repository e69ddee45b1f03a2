import { Module } from '@nestjs/common';
import { AccountsModule } from '../../accounts/accounts.module';
import { CustomersModule } from '../../customers/customers.module';
import { FlowsModule } from '../../flows/flows.module';
import { IdempotencyModule } from '../../idempotency/idempotency.module';
import { MetricsModule } from '../../metrics/metrics.module';
import { TagsModule } from '../../tags/tags.module';
import { TelephonyModule } from '../../telephony/telephony.module';
import { EndpointsModule } from '../endpoints.module';
import { PhoneNumbersOnAccountProviderChanging } from './on-account-provider-changing';
import { OnCallerIdVerified } from './on-caller-id-verified';
import { PhoneNumberBuyService } from './phone-number-buy.service';
import { PhoneNumbersController } from './phone-numbers.controller';
import { PhoneNumbersService } from './phone-numbers.service';
import { ProvisioningModule } from './provisioning/provisioning.module';

/**
 * Phone-number endpoints: every phone-number route (buy, search, caller-ID verification, fax, sync and
 * the provisioning audit trail), and buying them reliably (`provisioning/`). Endpoints of every type are
 * written through EndpointsModule's repository; what only numbers have (the quota, the provider) is here.
 */
@Module({
  imports: [
    EndpointsModule,
    ProvisioningModule,
    AccountsModule,
    CustomersModule,
    TagsModule,
    FlowsModule,
    TelephonyModule,
    IdempotencyModule,
    MetricsModule,
  ],
  controllers: [PhoneNumbersController],
  providers: [
    PhoneNumberBuyService,
    PhoneNumbersService,
    OnCallerIdVerified,
    PhoneNumbersOnAccountProviderChanging,
  ],
})
export class PhoneNumbersModule {}
