import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { CustomersModule } from '../customers/customers.module';
import { UserAccountEntity } from './entities/user-account.entity';
import { UserEntity } from './entities/user.entity';
import { UsersOnAccountsDeleting } from './on-accounts-deleting';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';
import { UserRepository } from './user.repository';
import { IdempotencyModule } from '../idempotency/idempotency.module';

@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity, UserAccountEntity]),
    AccountsModule,
    CustomersModule,
    IdempotencyModule,
  ],
  controllers: [UsersController],
  providers: [UsersService, UserRepository, UsersOnAccountsDeleting],
  exports: [UsersService],
})
export class UsersModule {}
