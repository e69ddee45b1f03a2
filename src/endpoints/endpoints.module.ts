import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { CustomersModule } from '../customers/customers.module';
import { FlowsModule } from '../flows/flows.module';
import { TagsModule } from '../tags/tags.module';
import { TelephonyModule } from '../telephony/telephony.module';
import { EndpointTagEntity } from './entities/endpoint-tag.entity';
import { EndpointEntity } from './entities/endpoint.entity';
import { EndpointsController } from './endpoints.controller';
import { EndpointInfoReader } from './endpoint-info.reader';
import { EndpointsService } from './endpoints.service';
import { EndpointFlowReferences } from './flow-references';
import { OnCallerIdVerified } from './on-caller-id-verified';
import { EndpointsOnAccountsDeleting } from './on-accounts-deleting';
import { EndpointsOnCustomersDeleting } from './on-customers-deleting';
import { EndpointsOnFlowsDeleting } from './on-flows-deleting';
import { ProvisioningModule } from './provisioning/provisioning.module';
import { PhoneNumbersController } from './phone-numbers.controller';
import { PhoneNumbersService } from './phone-numbers.service';
import { EventsModule } from '../events/events.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { MetricsModule } from '../metrics/metrics.module';
import { SchedulesModule } from '../schedules/schedules.module';
import { EndpointScheduleController } from './endpoint-schedule.controller';

@Module({
  imports: [
    TypeOrmModule.forFeature([EndpointEntity, EndpointTagEntity]),
    AccountsModule,
    CustomersModule,
    TagsModule,
    FlowsModule,
    TelephonyModule,
    ProvisioningModule,
    EventsModule,
    IdempotencyModule,
    MetricsModule,
    SchedulesModule,
  ],
  controllers: [EndpointsController, PhoneNumbersController, EndpointScheduleController],
  providers: [
    EndpointsService,
    EndpointInfoReader,
    PhoneNumbersService,
    // Its reactions to other modules' changes.
    EndpointsOnAccountsDeleting,
    EndpointsOnCustomersDeleting,
    EndpointsOnFlowsDeleting,
    EndpointFlowReferences,
    OnCallerIdVerified,
  ],
  exports: [EndpointsService],
})
export class EndpointsModule {}
