import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, EntityTarget, In, ObjectLiteral, Repository } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service';
import { Principal, tenantScope } from '../common/auth/principal';
import { ListResponse, mapPage } from '../common/dto/list.dto';
import { ConflictError, InvalidFieldError, NotFoundError } from '../common/errors/domain-errors';
import { isUniqueViolation } from '../common/errors/database-errors';
import { paginate } from '../database/paging';
import { applyTenantScope, escapeLike } from '../database/tenant-scope';
import { selectEntities, sqlQuery } from '../database/sql';
import { TransactionRunner } from '../database/transaction-runner';
import { ListTagsQuery, NewTag, PatchTag, TAG_SORT_FIELDS } from './dto/new-tag.dto';
import type { TagColors } from './dto/tag-colors.enum';
import { Tag } from './dto/tag.dto';
import { TagEntity } from './entities/tag.entity';

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
    await this.uniqueName(tag.name, () => this.tx.run((m) => m.insert(TagEntity, tag)));
    return mapTag(tag);
  }

  async list(actor: Principal, request: ListTagsQuery): Promise<ListResponse<Tag>> {
    const query = this.tags.createQueryBuilder('t');
    if (request.accountIds?.length)
      query.andWhere('t.accountId IN (:...accountIds)', { accountIds: request.accountIds });
    if (request.nameFilter)
      query.andWhere("LOWER(t.name) LIKE :nameFilter ESCAPE '\\'", {
        nameFilter: `%${escapeLike(request.nameFilter.toLowerCase())}%`,
      });
    this.scope(query, actor);
    const page = await paginate(query, request, {
      sortFields: TAG_SORT_FIELDS,
      nullableSortFields: [],
      defaultSortField: 'name',
      idColumn: 't.id',
    });
    return mapPage(page, (rows) => rows.map(mapTag));
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
      this.tx.run((m) => m.update(TagEntity, { id }, { name: tag.name, color: tag.color })),
    );
    return mapTag(tag);
  }

  /**
   * Deletes the tag; its links to endpoints, customers and flows go with it (their foreign keys
   * cascade), and a link written meanwhile waits for the delete and is refused.
   */
  async delete(actor: Principal, id: string): Promise<void> {
    await this.findVisible(actor, id);
    await this.tx.run((m) => this.deleteTags(m, [id]));
  }

  /** The account's tag catalogue, by name. */
  async catalogue(accountId: string): Promise<Tag[]> {
    const tags = await this.tags.find({ where: { accountId }, order: { name: 'ASC' } });
    return tags.map(mapTag);
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
    const existing = await this.tags.findBy({ accountId });
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
      await this.deleteTags(manager, plan.deletedIds);
      // Renames first go through temporary names so that swapping two names does not collide.
      for (const t of plan.updated)
        await manager.update(TagEntity, { id: t.id }, { name: `~renaming~${t.id}` });
      for (const t of plan.updated)
        await manager.update(TagEntity, { id: t.id }, { name: t.name, color: t.color });
      if (plan.created.length)
        await manager.insert(
          TagEntity,
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
    const found = await selectEntities(
      this.tags.manager,
      TagEntity,
      't',
      ['"t"."id" IN (:...ids)', '"t"."accountId" = :accountId'],
      { ids: unique, accountId },
    );
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
  async tagsByOwner<L extends ObjectLiteral>(
    link: EntityTarget<L>,
    ownerColumn: string,
    ownerIds: string[],
  ): Promise<Map<string, Tag[]>> {
    const result = new Map<string, Tag[]>();
    if (ownerIds.length === 0) return result;
    const rows = await sqlQuery<Tag & { ownerId: string }>(
      this.tags.manager,
      this.tagsByOwnerStatement(link, ownerColumn),
      { ownerIds },
    );
    for (const { ownerId, ...tag } of rows) {
      const owned = result.get(ownerId);
      if (owned) owned.push(tag);
      else result.set(ownerId, [tag]);
    }
    return result;
  }

  /** tagsByOwner's statement per link table and owner column, built once: the same string each time. */
  private readonly tagsByOwnerStatements = new Map<EntityTarget<ObjectLiteral>, Map<string, string>>();

  private tagsByOwnerStatement(link: EntityTarget<ObjectLiteral>, ownerColumn: string): string {
    let byColumn = this.tagsByOwnerStatements.get(link);
    if (!byColumn) this.tagsByOwnerStatements.set(link, (byColumn = new Map<string, string>()));
    let sql = byColumn.get(ownerColumn);
    if (sql === undefined) {
      const metadata = this.tags.manager.connection.getMetadata(link);
      const owner = metadata.findColumnWithPropertyName(ownerColumn)!.databaseName;
      sql =
        `SELECT "l"."${owner}" AS "ownerId", "t"."id" AS "id", "t"."name" AS "name", "t"."color" AS "color" ` +
        `FROM "${metadata.tableName}" "l" INNER JOIN "tags" "t" ON "t"."id" = "l"."tagId" ` +
        `WHERE "l"."${owner}" IN (:...ownerIds) ORDER BY "t"."name" ASC`;
      byColumn.set(ownerColumn, sql);
    }
    return sql;
  }

  /** Replaces an owner's tag links inside a transaction. */
  async replaceLinks<L extends ObjectLiteral>(
    manager: EntityManager,
    link: EntityTarget<L>,
    ownerColumn: string,
    ownerId: string,
    tagIds: string[],
  ): Promise<void> {
    await manager.delete(link, { [ownerColumn]: ownerId });
    const unique = [...new Set(tagIds)];
    if (unique.length)
      await manager.insert(
        link,
        unique.map((tagId) => ({ [ownerColumn]: ownerId, tagId }) as unknown as L),
      );
  }

  /** Deletes every tag of the accounts (when the accounts themselves are deleted). */
  async deleteForAccounts(manager: EntityManager, accountIds: string[]): Promise<void> {
    const rows = await manager.find(TagEntity, {
      select: { id: true },
      where: { accountId: In(accountIds) },
    });
    await this.deleteTags(
      manager,
      rows.map((r) => r.id),
    );
  }

  private async deleteTags(manager: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await manager.delete(TagEntity, { id: In(ids) });
  }

  private async findVisible(actor: Principal, id: string): Promise<TagEntity> {
    const query = this.tags.createQueryBuilder('t').where('t.id = :id', { id });
    const tag = await this.scope(query, actor).getOne();
    if (!tag) throw new NotFoundError(`Tag ${id} not found`);
    return tag;
  }

  /** Tags belong to accounts: every member of an account sees its whole catalogue. */
  private scope<Q extends Parameters<typeof applyTenantScope>[0]>(query: Q, actor: Principal): Q {
    applyTenantScope(query, { ...tenantScope(actor), customerPath: null }, { accountColumn: 't.accountId' });
    return query;
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
