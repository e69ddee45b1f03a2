import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { CustomersModule } from '../customers/customers.module';
import { FlowsModule } from '../flows/flows.module';
import { TagsModule } from '../tags/tags.module';
import { TelephonyModule } from '../telephony/telephony.module';
import { EndpointsController } from './endpoints.controller';
import { EndpointInfoReader } from './endpoint-info.reader';
import { EndpointRepository } from './endpoint.repository';
import { EndpointsService } from './endpoints.service';
import { EndpointFlowReferences } from './flow-references';
import { EndpointsOnAccountsDeleting } from './on-accounts-deleting';
import { EndpointsOnCustomersDeleting } from './on-customers-deleting';
import { EndpointsOnFlowsDeleting } from './on-flows-deleting';
import { EventsModule } from '../events/events.module';
import { SchedulesModule } from '../schedules/schedules.module';
import { EndpointScheduleController } from './endpoint-schedule.controller';

@Module({
  imports: [
    AccountsModule,
    CustomersModule,
    TagsModule,
    FlowsModule,
    TelephonyModule,
    EventsModule,
    SchedulesModule,
  ],
  controllers: [EndpointsController, EndpointScheduleController],
  providers: [
    EndpointsService,
    EndpointInfoReader,
    EndpointRepository,
    // Its reactions to other modules' changes.
    EndpointsOnAccountsDeleting,
    EndpointsOnCustomersDeleting,
    EndpointsOnFlowsDeleting,
    EndpointFlowReferences,
  ],
  exports: [EndpointsService, EndpointInfoReader, EndpointRepository],
})
export class EndpointsModule {}
