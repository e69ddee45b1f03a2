import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { CustomFieldsModule } from '../custom-fields/custom-fields.module';
import { CustomersModule } from '../customers/customers.module';
import { TagsModule } from '../tags/tags.module';
import { FlowTagEntity } from './entities/flow-tag.entity';
import { FlowEntity } from './entities/flow.entity';
import { FlowAndCustomerReferences } from './flow-and-customer-references';
import { FlowsController } from './flows.controller';
import { FlowsService } from './flows.service';
import { FlowRepository } from './flow.repository';
import { FlowsOnAccountsDeleting } from './on-accounts-deleting';
import { PackagesController } from './packages.controller';
import { PackagesService } from './packages.service';
import { IdempotencyModule } from '../idempotency/idempotency.module';

@Module({
  imports: [
    TypeOrmModule.forFeature([FlowEntity, FlowTagEntity]),
    AccountsModule,
    CustomersModule,
    CustomFieldsModule,
    TagsModule,
    IdempotencyModule,
  ],
  controllers: [FlowsController, PackagesController],
  providers: [
    FlowsService,
    FlowRepository,
    PackagesService,
    FlowsOnAccountsDeleting,
    FlowAndCustomerReferences,
  ],
  exports: [FlowsService],
})
export class FlowsModule {}
