import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Struct } from '../contract/struct.dto';
import { InvalidFieldError } from '../common/errors/domain-errors';
import { parseClientJson } from '../common/validation/input-shape';
import { findStructProblem } from '../common/validation/struct.validator';
import { jsonValueEquals, UNSAFE_JSON_KEY } from '../database/json-sql';

/**
 * `dataFilters`: each `Field=Value` entry must match the endpoint's `data.Field`: its stringValue,
 * or its numberValue / boolValue when Value reads as a number / `true` / `false`.
 */
export function whereDataMatches<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  column: string,
  filters: string[] | undefined,
): void {
  (filters ?? []).forEach((entry, i) => {
    const at = `dataFilters[${i}]`;
    const split = entry.indexOf('=');
    if (split <= 0) throw new InvalidFieldError(at, 'Invalid', `${at} must read Field=Value`);
    const field = entry.slice(0, split);
    const value = entry.slice(split + 1);
    if (UNSAFE_JSON_KEY.test(field))
      throw new InvalidFieldError(at, 'Invalid', `${at}: field names may not contain quotes or backslashes`);
    const alternatives = [jsonValueEquals(query, column, [field, 'stringValue'], value)];
    const asNumber = Number(value);
    if (value.trim() !== '' && Number.isFinite(asNumber))
      alternatives.push(jsonValueEquals(query, column, [field, 'numberValue'], asNumber));
    if (value === 'true' || value === 'false')
      alternatives.push(jsonValueEquals(query, column, [field, 'boolValue'], value === 'true'));
    query.andWhere(`(${alternatives.join(' OR ')})`);
  });
}

/**
 * `flowParametersFilter`: a Struct (as JSON text) that the endpoint's flowParams must contain: every
 * scalar Value given (stringValue, numberValue, boolValue) equal, structValue entries recursively.
 */
export function whereFlowParamsContain<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  column: string,
  filterJson: string | undefined,
): void {
  if (filterJson === undefined) return;
  const field = 'flowParametersFilter';
  const filter = parseClientJson(filterJson, field);
  if (filter === undefined) throw new InvalidFieldError(field, 'Invalid', `${field} must be a JSON Struct`);
  const problem = findStructProblem(filter, field);
  if (problem) throw new InvalidFieldError(problem[0], 'Invalid', `${problem[0]} ${problem[1]}`);
  const conditions: string[] = [];
  const visit = (struct: Struct, path: string[], at: string) => {
    for (const [key, value] of Object.entries(struct)) {
      if (UNSAFE_JSON_KEY.test(key))
        throw new InvalidFieldError(
          `${at}.${key}`,
          'Invalid',
          `${at}: keys may not contain quotes or backslashes`,
        );
      if (value === null) continue;
      for (const kind of ['stringValue', 'numberValue', 'boolValue'] as const) {
        const v = value[kind];
        if (v !== undefined && v !== null)
          conditions.push(jsonValueEquals(query, column, [...path, key, kind], v));
      }
      if (value.structValue)
        visit(value.structValue, [...path, key, 'structValue'], `${at}.${key}.structValue`);
      if (value.listValue)
        throw new InvalidFieldError(
          `${at}.${key}.listValue`,
          'NotSupported',
          `${at}.${key}.listValue cannot be filtered on`,
        );
    }
  };
  visit(filter as Struct, [], field);
  if (conditions.length) query.andWhere(conditions.join(' AND '));
}
