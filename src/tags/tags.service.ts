import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service';
import type { Principal } from '../common/auth/principal';
import { ListResponse, mapPage } from '../common/dto/list.dto';
import { ConflictError, InvalidFieldError, NotFoundError } from '../common/errors/domain-errors';
import { isUniqueViolation } from '../common/errors/database-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { ListTagsQuery, NewTag, PatchTag } from './dto/new-tag.dto';
import type { TagColors } from './dto/tag-colors.enum';
import { Tag } from './dto/tag.dto';
import { TagEntity } from './entities/tag.entity';
import { TagRepository } from './tag.repository';

export const mapTag = (tag: TagEntity): Tag => ({ id: tag.id, name: tag.name, color: tag.color });

/** A tag of a complete catalogue (`PatchSystemSettings.tags`): with an id it is updated, without one created. */
export interface CatalogueTag {
  id?: string;
  name: string;
  color: TagColors;
}

/** What replacing an account's tag catalogue changes, worked out and checked before any write. */
export interface TagCataloguePlan {
  accountId: string;
  deletedIds: string[];
  updated: (CatalogueTag & { id: string })[];
  created: CatalogueTag[];
}

const nameTaken = (name: string, fieldName = 'name') =>
  new ConflictError('TagNameTaken', `The account already has a tag named '${name}'`, fieldName);

@Injectable()
export class TagsService {
  constructor(
    private readonly tags: TagRepository,
    private readonly accounts: AccountsService,
    private readonly tx: TransactionRunner,
  ) {}

  async create(actor: Principal, dto: NewTag): Promise<Tag> {
    const account = await this.accounts.resolveForCaller(actor, dto.accountId);
    const tag: TagEntity = {
      id: randomUUID(),
      accountId: account.id,
      name: dto.name.trim(),
      color: dto.color,
    };
    await this.uniqueName(tag.name, () => this.tx.run((m) => this.tags.insert(m, tag)));
    return mapTag(tag);
  }

  async list(actor: Principal, request: ListTagsQuery): Promise<ListResponse<Tag>> {
    return mapPage(await this.tags.page(actor, request), (rows) => rows.map(mapTag));
  }

  async get(actor: Principal, id: string): Promise<Tag> {
    return mapTag(await this.findVisible(actor, id));
  }

  async patch(actor: Principal, id: string, dto: PatchTag): Promise<Tag> {
    const tag = await this.findVisible(actor, id);
    if (dto.name !== undefined) {
      const name = dto.name.trim();
      if (name.length === 0) throw new InvalidFieldError('name', 'NotEmpty', 'name must not be empty');
      tag.name = name;
    }
    if (dto.color !== undefined) tag.color = dto.color;
    await this.uniqueName(tag.name, () =>
      this.tx.run((m) => this.tags.update(m, id, { name: tag.name, color: tag.color })),
    );
    return mapTag(tag);
  }

  /**
   * Deletes the tag; its links to endpoints, customers and flows go with it (their foreign keys
   * cascade), and a link written meanwhile waits for the delete and is refused.
   */
  async delete(actor: Principal, id: string): Promise<void> {
    await this.findVisible(actor, id);
    await this.tx.run((m) => this.tags.delete(m, [id]));
  }

  /** The account's tag catalogue, by name. */
  async catalogue(accountId: string): Promise<Tag[]> {
    return (await this.tags.forAccount(accountId)).map(mapTag);
  }

  /**
   * Checks a complete catalogue for the account (names unique, ids the account's own tags) and works
   * out what replacing the current catalogue with it changes; `applyCatalogue` writes it.
   */
  async planCatalogue(accountId: string, tags: CatalogueTag[]): Promise<TagCataloguePlan> {
    const wanted = tags.map((t) => ({ ...t, name: t.name.trim() }));
    const seen = new Set<string>();
    wanted.forEach((t, i) => {
      if (seen.has(t.name))
        throw new InvalidFieldError(`tags[${i}].name`, 'Duplicate', `tags[${i}].name repeats '${t.name}'`);
      seen.add(t.name);
    });
    const existing = await this.tags.forAccount(accountId);
    const existingIds = new Set(existing.map((t) => t.id));
    wanted.forEach((t, i) => {
      if (t.id && !existingIds.has(t.id))
        throw new InvalidFieldError(`tags[${i}].id`, 'NotFound', `tags[${i}].id: no such tag in the account`);
    });
    const keep = new Set(wanted.flatMap((t) => (t.id ? [t.id] : [])));
    return {
      accountId,
      deletedIds: existing.filter((t) => !keep.has(t.id)).map((t) => t.id),
      updated: wanted.filter((t): t is CatalogueTag & { id: string } => !!t.id),
      created: wanted.filter((t) => !t.id),
    };
  }

  /** Inside the caller's transaction: deletes (and unlinks), renames and creates what the plan says. */
  async applyCatalogue(manager: EntityManager, plan: TagCataloguePlan): Promise<void> {
    await this.uniqueName('', async () => {
      await this.tags.delete(manager, plan.deletedIds);
      // Renames first go through temporary names so that swapping two names does not collide.
      for (const t of plan.updated) await this.tags.update(manager, t.id, { name: `~renaming~${t.id}` });
      for (const t of plan.updated) await this.tags.update(manager, t.id, { name: t.name, color: t.color });
      await this.tags.insertMany(
        manager,
        plan.created.map((t) => ({
          id: randomUUID(),
          accountId: plan.accountId,
          name: t.name,
          color: t.color,
        })),
      );
    });
  }

  /** The tags with these ids, all of which must belong to the account; else a 400 naming `fieldName`. */
  async requireInAccount(accountId: string, tagIds: string[], fieldName: string): Promise<TagEntity[]> {
    const unique = [...new Set(tagIds)];
    if (unique.length === 0) return [];
    const found = await this.tags.inAccount(accountId, unique);
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

  /**
   * The tags of several owners in one query, through a link table (`customer_tags`, ...):
   * `ownerColumn` is the link's owner id property (`customerId`).
   */
  tagsByOwner<L extends ObjectLiteral>(
    link: EntityTarget<L>,
    ownerColumn: string,
    ownerIds: string[],
  ): Promise<Map<string, Tag[]>> {
    return this.tags.tagsByOwner(link, ownerColumn, ownerIds);
  }

  /** Replaces an owner's tag links inside a transaction. */
  replaceLinks<L extends ObjectLiteral>(
    manager: EntityManager,
    link: EntityTarget<L>,
    ownerColumn: string,
    ownerId: string,
    tagIds: string[],
  ): Promise<void> {
    return this.tags.replaceLinks(manager, link, ownerColumn, ownerId, tagIds);
  }

  /** Deletes every tag of the accounts (when the accounts themselves are deleted). */
  async deleteForAccounts(manager: EntityManager, accountIds: string[]): Promise<void> {
    await this.tags.delete(manager, await this.tags.idsOfAccounts(manager, accountIds));
  }

  private async findVisible(actor: Principal, id: string): Promise<TagEntity> {
    const tag = await this.tags.findVisible(actor, id);
    if (!tag) throw new NotFoundError(`Tag ${id} not found`);
    return tag;
  }

  private async uniqueName<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw name ? nameTaken(name) : nameTaken('(one of the names)', 'tags');
      throw error;
    }
  }
}
