import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { CustomFieldsService } from './custom-fields.service';
import { CustomFieldRepository } from './custom-field.repository';
import { CustomFieldEntity } from './entities/custom-field.entity';
import { CustomFieldsOnAccountsDeleting } from './on-accounts-deleting';

@Module({
  imports: [TypeOrmModule.forFeature([CustomFieldEntity]), AccountsModule],
  providers: [CustomFieldsService, CustomFieldRepository, CustomFieldsOnAccountsDeleting],
  exports: [CustomFieldsService],
})
export class CustomFieldsModule {}
