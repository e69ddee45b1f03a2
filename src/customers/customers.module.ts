import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { TagsModule } from '../tags/tags.module';
import { CustomersController } from './customers.controller';
import { CustomersService } from './customers.service';
import { CustomerRepository } from './customer.repository';
import { CustomerTagEntity } from './entities/customer-tag.entity';
import { CustomerEntity } from './entities/customer.entity';
import { CustomersOnAccountsDeleting } from './on-accounts-deleting';
import { IdempotencyModule } from '../idempotency/idempotency.module';

@Module({
  imports: [
    TypeOrmModule.forFeature([CustomerEntity, CustomerTagEntity]),
    AccountsModule,
    TagsModule,
    IdempotencyModule,
  ],
  controllers: [CustomersController],
  providers: [CustomersService, CustomerRepository, CustomersOnAccountsDeleting],
  exports: [CustomersService],
})
export class CustomersModule {}
