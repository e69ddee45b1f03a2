import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { CustomFieldsModule } from '../custom-fields/custom-fields.module';
import { TagsModule } from '../tags/tags.module';
import { SystemSettingsController } from './system-settings.controller';
import { SystemSettingsService } from './system-settings.service';

@Module({
  imports: [AccountsModule, TagsModule, CustomFieldsModule],
  controllers: [SystemSettingsController],
  providers: [SystemSettingsService],
})
export class SettingsModule {}
