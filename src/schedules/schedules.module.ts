import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { CustomersModule } from '../customers/customers.module';
import { CustomerScheduleController } from './customer-schedule.controller';
import { ScheduleResolver } from './schedule-resolver';

/**
 * Schedules: the engine (`engine/`, pure functions) and what applies it to an account's customers and
 * endpoints. The endpoint routes live with the endpoints (`endpoints/endpoint-schedule.controller.ts`),
 * which import this module: endpoints depend on schedules, never the other way round.
 */
@Module({
  imports: [AccountsModule, CustomersModule],
  controllers: [CustomerScheduleController],
  providers: [ScheduleResolver],
  exports: [ScheduleResolver],
})
export class SchedulesModule {}
