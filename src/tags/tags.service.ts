import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, Repository } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service';
import { Principal, tenantScope } from '../common/auth/principal';
import { ConflictError, InvalidFieldError } from '../common/errors/domain-errors';
import { isUniqueViolation } from '../common/errors/database-errors';
import { applyTenantScope } from '../database/tenant-scope';
import { TransactionRunner } from '../database/transaction-runner';
import { NewTag } from './dto/new-tag.dto';
import { Tag } from './dto/tag.dto';
import { TagEntity } from './entities/tag.entity';

export const mapTag = (tag: TagEntity): Tag => ({ id: tag.id, name: tag.name, color: tag.color });

@Injectable()
export class TagsService {
  constructor(
    @InjectRepository(TagEntity) private readonly tags: Repository<TagEntity>,
    private readonly accounts: AccountsService,
    private readonly tx: TransactionRunner,
  ) {}

  async create(actor: Principal, dto: NewTag): Promise<Tag> {
    const account = await this.accounts.resolveForCaller(actor, dto.accountId);
    const tag = this.tags.create({
      id: randomUUID(),
      accountId: account.id,
      name: dto.name.trim(),
      color: dto.color,
    });
    try {
      await this.tx.run((m) => m.insert(TagEntity, tag));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError('TagNameTaken', `The account already has a tag named '${tag.name}'`, 'name');
      }
      throw error;
    }
    return mapTag(tag);
  }

  async list(actor: Principal, accountIds?: string[]): Promise<Tag[]> {
    const query = this.tags.createQueryBuilder('t').orderBy('t.name', 'ASC');
    if (accountIds?.length) query.andWhere('t.accountId IN (:...accountIds)', { accountIds });
    applyTenantScope(query, { ...tenantScope(actor), customerPath: null }, { accountColumn: 't.accountId' });
    return (await query.getMany()).map(mapTag);
  }

  /** The tags with these ids, all of which must belong to the account; else a 400 naming `fieldName`. */
  async requireInAccount(accountId: string, tagIds: string[], fieldName: string): Promise<TagEntity[]> {
    const unique = [...new Set(tagIds)];
    if (unique.length === 0) return [];
    const found = await this.tags.findBy({ id: In(unique), accountId });
    if (found.length !== unique.length) {
      const missing = unique.filter((id) => !found.some((t) => t.id === id));
      throw new InvalidFieldError(
        fieldName,
        'NotFound',
        `${fieldName}: no such tag in the account: ${missing.join(', ')}`,
      );
    }
    return found;
  }
}
