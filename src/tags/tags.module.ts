import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { TagEntity } from './entities/tag.entity';
import { SystemSettingsController } from './system-settings.controller';
import { TagsController } from './tags.controller';
import { TagsService } from './tags.service';

@Module({
  imports: [TypeOrmModule.forFeature([TagEntity]), AccountsModule],
  controllers: [TagsController, SystemSettingsController],
  providers: [TagsService],
  exports: [TagsService],
})
export class TagsModule {}
