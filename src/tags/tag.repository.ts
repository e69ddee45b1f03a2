import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, EntityTarget, In, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { Principal, tenantScope } from '../common/auth/principal';
import type { Page } from '../common/dto/list.dto';
import { paginate } from '../database/paging';
import { selectEntities, sqlQuery } from '../database/sql';
import { applyTenantScope, escapeLike } from '../database/tenant-scope';
import { ListTagsQuery, TAG_SORT_FIELDS } from './dto/new-tag.dto';
import type { Tag } from './dto/tag.dto';
import { TagEntity } from './entities/tag.entity';

/**
 * The tags' SQL: their rows, their links to owners (`customer_tags`, `flow_tags`, ...) and who may see
 * them. Writes take the caller's transaction (`manager`).
 */
@Injectable()
export class TagRepository {
  /** tagsByOwner's statement per link table and owner column, built once: the same string each time. */
  private readonly tagsByOwnerStatements = new Map<EntityTarget<ObjectLiteral>, Map<string, string>>();

  constructor(@InjectRepository(TagEntity) private readonly tags: Repository<TagEntity>) {}

  async insert(manager: EntityManager, tag: TagEntity): Promise<void> {
    await manager.insert(TagEntity, tag);
  }

  async insertMany(manager: EntityManager, tags: TagEntity[]): Promise<void> {
    if (tags.length) await manager.insert(TagEntity, tags);
  }

  async update(manager: EntityManager, id: string, changes: Partial<TagEntity>): Promise<void> {
    await manager.update(TagEntity, { id }, changes);
  }

  /** A page of the tags the caller may see, filtered as ListTags asks. */
  page(actor: Principal, request: ListTagsQuery): Promise<Page<TagEntity>> {
    const query = this.tags.createQueryBuilder('t');
    if (request.accountIds?.length)
      query.andWhere('t.accountId IN (:...accountIds)', { accountIds: request.accountIds });
    if (request.nameFilter)
      query.andWhere("LOWER(t.name) LIKE :nameFilter ESCAPE '\\'", {
        nameFilter: `%${escapeLike(request.nameFilter.toLowerCase())}%`,
      });
    return paginate(this.scoped(query, actor), request, {
      sortFields: TAG_SORT_FIELDS,
      nullableSortFields: [],
      defaultSortField: 'name',
      idColumn: 't.id',
    });
  }

  /** The tag, if the caller may see it. */
  findVisible(actor: Principal, id: string): Promise<TagEntity | null> {
    return this.scoped(this.tags.createQueryBuilder('t').where('t.id = :id', { id }), actor).getOne();
  }

  /** The account's tags, by name. */
  forAccount(accountId: string): Promise<TagEntity[]> {
    return this.tags.find({ where: { accountId }, order: { name: 'ASC' } });
  }

  /** The tags among `ids` that belong to the account (plain SQL: endpoint writes check tags). */
  inAccount(accountId: string, ids: string[]): Promise<TagEntity[]> {
    return selectEntities(
      this.tags.manager,
      TagEntity,
      't',
      ['"t"."id" IN (:...ids)', '"t"."accountId" = :accountId'],
      {
        ids,
        accountId,
      },
    );
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

  /** Replaces an owner's tag links (in the caller's transaction). */
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

  /** Deletes the tags; their links go by their foreign keys' cascade. */
  async delete(manager: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await manager.delete(TagEntity, { id: In(ids) });
  }

  /** The ids of every tag of the accounts (in the caller's transaction). */
  async idsOfAccounts(manager: EntityManager, accountIds: string[]): Promise<string[]> {
    const rows = await manager.find(TagEntity, {
      select: { id: true },
      where: { accountId: In(accountIds) },
    });
    return rows.map((r) => r.id);
  }

  /** Tags belong to accounts: every member of an account sees its whole catalogue. */
  private scoped(query: SelectQueryBuilder<TagEntity>, actor: Principal): SelectQueryBuilder<TagEntity> {
    return applyTenantScope(
      query,
      { ...tenantScope(actor), customerPath: null },
      { accountColumn: 't.accountId' },
    );
  }
}
