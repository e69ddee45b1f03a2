import { DefaultNamingStrategy, TableColumnOptions, TableIndex } from 'typeorm';

/**
 * Small builders for portable migrations: the same Table definitions run on SQLite and PostgreSQL.
 * Index names come from TypeORM's default naming strategy so that entities and migrations agree
 * (the schema-drift test checks it).
 */
const naming = new DefaultNamingStrategy();

type ColumnOpts = { nullable?: boolean; primary?: boolean };

export const varchar = (name: string, length: number, opts: ColumnOpts = {}): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: opts.nullable ?? false,
  isPrimary: opts.primary ?? false,
});

export const text = (name: string, opts: ColumnOpts = {}): TableColumnOptions => ({
  name,
  type: 'text',
  isNullable: opts.nullable ?? false,
});

export const integer = (name: string, opts: ColumnOpts = {}): TableColumnOptions => ({
  name,
  type: 'integer',
  isNullable: opts.nullable ?? false,
});

export const boolean = (name: string): TableColumnOptions => ({ name, type: 'boolean', isNullable: false });

export const id = (name = 'id'): TableColumnOptions => varchar(name, 36, { primary: true });

/** The audit columns of `AuditedEntity`. */
export const auditColumns = (): TableColumnOptions[] => [
  varchar('dateCreated', 32),
  varchar('dateLastModified', 32),
  varchar('createdBy', 255, { nullable: true }),
  varchar('lastModifiedBy', 255, { nullable: true }),
];

export const index = (table: string, columnNames: string[], isUnique = false): TableIndex =>
  new TableIndex({ name: naming.indexName(table, columnNames), columnNames, isUnique });

/** A partial index: only the rows matching `where` (SQL over quoted column names) have entries. */
export const partialIndex = (table: string, columnNames: string[], where: string): TableIndex =>
  new TableIndex({ name: naming.indexName(table, columnNames, where), columnNames, where });
