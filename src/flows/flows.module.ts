import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { CustomersModule } from '../customers/customers.module';
import { TagsModule } from '../tags/tags.module';
import { FlowTagEntity } from './entities/flow-tag.entity';
import { FlowEntity } from './entities/flow.entity';
import { FlowsController } from './flows.controller';
import { FlowsService } from './flows.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([FlowEntity, FlowTagEntity]),
    AccountsModule,
    CustomersModule,
    TagsModule,
  ],
  controllers: [FlowsController],
  providers: [FlowsService],
  exports: [FlowsService],
})
export class FlowsModule {}
