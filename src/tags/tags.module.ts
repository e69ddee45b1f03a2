import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { TagEntity } from './entities/tag.entity';
import { TagsOnAccountsDeleting } from './on-accounts-deleting';
import { TagsController } from './tags.controller';
import { TagsService } from './tags.service';
import { TagRepository } from './tag.repository';
import { IdempotencyModule } from '../idempotency/idempotency.module';

@Module({
  imports: [TypeOrmModule.forFeature([TagEntity]), AccountsModule, IdempotencyModule],
  controllers: [TagsController],
  providers: [TagsService, TagRepository, TagsOnAccountsDeleting],
  exports: [TagsService],
})
export class TagsModule {}
