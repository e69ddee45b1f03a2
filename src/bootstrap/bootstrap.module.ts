import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { CustomersModule } from '../customers/customers.module';
import { FlowsModule } from '../flows/flows.module';
import { TagsModule } from '../tags/tags.module';
import { UsersModule } from '../users/users.module';
import { FirstStartService } from './first-start.service';

@Module({
  imports: [UsersModule, AccountsModule, CustomersModule, TagsModule, FlowsModule],
  providers: [FirstStartService],
})
export class BootstrapModule {}
