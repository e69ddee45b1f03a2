import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { CustomFieldsService } from './custom-fields.service';
import { CustomFieldEntity } from './entities/custom-field.entity';

@Module({
  imports: [TypeOrmModule.forFeature([CustomFieldEntity]), AccountsModule],
  providers: [CustomFieldsService],
  exports: [CustomFieldsService],
})
export class CustomFieldsModule {}
