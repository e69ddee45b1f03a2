import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, ObjectLiteral } from 'typeorm';
import { Principal, tenantScope } from '../common/auth/principal';
import { CustomersService } from '../customers/customers.service';
import { entityColumns, sqlQuery } from '../database/sql';
import { tenantScopeConditions } from '../database/tenant-scope';
import { TagsService } from '../tags/tags.service';
import { EndpointInfo } from './dto/endpoint-info.dto';
import { EndpointTagEntity } from './entities/endpoint-tag.entity';
import { EndpointEntity } from './entities/endpoint.entity';
import { mapEndpoint } from './endpoint.mapper';

/** The names an EndpointInfo shows beside its own row, read in the same statement. */
interface Names {
  accountName: string | null;
  customerName: string | null;
  customerPath: string | null;
  flowName: string | null;
}

/**
 * Reads EndpointInfo, the hottest path of the API (GetEndpoint, every ListEndpoints page, the answer
 * to BuyPhoneNumber): the rows with their account, customer and flow names in one statement, then
 * their tags and the customers' breadcrumbs in two more, side by side. Plain SQL without entity
 * hydration: building the queries and entities cost more than the database did.
 */
@Injectable()
export class EndpointInfoReader {
  private readonly columns: ReturnType<typeof entityColumns<EndpointEntity>>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly customers: CustomersService,
    private readonly tags: TagsService,
  ) {
    this.columns = entityColumns<EndpointEntity>(dataSource, dataSource.getMetadata(EndpointEntity), 'e');
  }

  /** The endpoint if the caller may see it, else null. */
  async findVisible(actor: Principal, id: string): Promise<EndpointInfo | null> {
    const { conditions, params } = tenantScopeConditions(tenantScope(actor), {
      accountColumn: '"e"."accountId"',
      customerPathColumn: '"c"."path"',
    });
    const [info] = await this.read(['"e"."id" = :id', ...conditions], { ...params, id });
    return info ?? null;
  }

  /** EndpointInfo of these endpoints, in the order of `ids` (a page the caller's query chose). */
  async byIds(ids: string[]): Promise<EndpointInfo[]> {
    if (ids.length === 0) return [];
    const infos = new Map((await this.read(['"e"."id" IN (:...ids)'], { ids })).map((i) => [i.id, i]));
    return ids.flatMap((id) => infos.get(id) ?? []);
  }

  /** The statement's text per WHERE clause (a few, from code), built once: the same string each time. */
  private readonly statements = new Map<string, string>();

  private statement(conditions: string[]): string {
    const where = conditions.join(' AND ');
    let sql = this.statements.get(where);
    if (sql === undefined) {
      sql =
        `SELECT ${this.columns.select}, "a"."name" AS "accountName", "c"."name" AS "customerName", ` +
        `"c"."path" AS "customerPath", "f"."name" AS "flowName" ` +
        'FROM "endpoints" "e" ' +
        'LEFT JOIN "accounts" "a" ON "a"."id" = "e"."accountId" ' +
        'LEFT JOIN "customers" "c" ON "c"."id" = "e"."customerId" ' +
        'LEFT JOIN "flows" "f" ON "f"."id" = "e"."flowId" ' +
        `WHERE ${where}`;
      this.statements.set(where, sql);
    }
    return sql;
  }

  private async read(conditions: string[], params: ObjectLiteral): Promise<EndpointInfo[]> {
    const rows = await sqlQuery<ObjectLiteral & Names>(this.dataSource, this.statement(conditions), params);
    if (rows.length === 0) return [];
    const customers = rows.flatMap((r) =>
      r.customerPath !== null ? [{ id: r.customerId as string, path: r.customerPath }] : [],
    );
    const [tags, breadcrumbs] = await Promise.all([
      this.tags.tagsByOwner(
        EndpointTagEntity,
        'endpointId',
        rows.map((r) => r.id as string),
      ),
      this.customers.breadcrumbs(customers),
    ]);
    return rows.map((row) => {
      const endpoint = this.columns.hydrate(row);
      return mapEndpoint(endpoint, {
        accountName: row.accountName,
        customerName: row.customerName,
        customerBreadcrumb: endpoint.customerId ? (breadcrumbs.get(endpoint.customerId) ?? []) : [],
        flowName: row.flowName,
        tags: tags.get(endpoint.id) ?? [],
      });
    });
  }
}
