import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { structSchema } from '../../contract/struct.dto';
import { IsStruct } from './struct.validator';

/**
 * Validation and OpenAPI description in one decorator per recurring field kind, so that every
 * request field states both.
 */

export const ID_MAX_LENGTH = 64;

export const OptionalString = (description: string, maxLength = 255) =>
  applyDecorators(
    ApiPropertyOptional({ description, type: String, maxLength, nullable: true }),
    IsOptional(),
    IsString(),
    MaxLength(maxLength),
  );

export const RequiredString = (description: string, maxLength = 255, example?: string) =>
  applyDecorators(
    ApiProperty({ description, type: String, maxLength, example }),
    IsString(),
    IsNotEmpty(),
    MaxLength(maxLength),
  );

/** An id that may be left out (or null, where the field means "none"), but never an empty string. */
export const OptionalId = (description: string) =>
  applyDecorators(OptionalString(description, ID_MAX_LENGTH), IsNotEmpty());

export const RequiredId = (description: string) => RequiredString(description, ID_MAX_LENGTH);

export const OptionalBool = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ description, type: Boolean, default: false }),
    IsOptional(),
    IsBoolean(),
  );

export const OptionalInt = (description: string, min: number, max: number) =>
  applyDecorators(
    ApiPropertyOptional({ description, type: 'integer', minimum: min, maximum: max, nullable: true }),
    IsOptional(),
    IsInt(),
    Min(min),
    Max(max),
  );

export const OptionalEnum = (enumType: object, enumName: string, description: string) =>
  applyDecorators(
    ApiPropertyOptional({ description, enum: enumType, enumName }),
    IsOptional(),
    IsEnum(enumType, { message: `$property must be one of: ${Object.values(enumType).join(', ')}` }),
  );

/**
 * Free-form JSON (a Struct, a flow graph, custom fields) reaches the handler exactly as bound: class-transformer,
 * copying plain objects, drops the keys `constructor` and `__proto__` and any key naming a member of
 * `Object.prototype` (`toString`, `hasOwnProperty`), which are a user's data here.
 */
export const KeptAsSent = () =>
  Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => obj[key]);

export const OptionalStruct = (description: string) =>
  applyDecorators(ApiPropertyOptional(structSchema(description)), IsOptional(), IsStruct(), KeptAsSent());

/**
 * A query-string list: repeated keys (`ids=a&ids=b`, an array from Fastify's parser) and comma-joined
 * values (`ids=a,b`), in any mix, become one list. Bodies send JSON arrays, left as they are.
 */
export const splitQueryList = ({ value }: { value: unknown }): unknown => {
  if (typeof value === 'string') return value.split(',').filter((v) => v.length > 0);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
    return value.flatMap((v: string) => v.split(',')).filter((v) => v.length > 0);
  return value;
};

/** A list of ids; repeated keys and comma-joined strings (from a query string) are both accepted. */
export const OptionalIdList = (description: string, maxItems = 100) =>
  applyDecorators(
    ApiPropertyOptional({ description, type: [String] }),
    IsOptional(),
    Transform(splitQueryList),
    IsArray(),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    MaxLength(ID_MAX_LENGTH, { each: true }),
  );

/** A PATCH field that may be left out but not cleared: null is checked (and refused) like any other value. */
export const Omittable = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

export const PatchString = (description: string, maxLength = 255) =>
  applyDecorators(
    ApiPropertyOptional({ description, type: String, maxLength }),
    Omittable(),
    IsString(),
    IsNotEmpty(),
    MaxLength(maxLength),
  );

export const PatchBool = (description: string) =>
  applyDecorators(ApiPropertyOptional({ description, type: Boolean }), Omittable(), IsBoolean());

export const isTimeZone = (value: unknown): boolean => {
  if (typeof value !== 'string' || value.length === 0) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
};

/** An IANA time zone id (`America/New_York`), as the runtime's Intl knows them. */
export const OptionalTimeZone = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ description, type: String, example: 'America/New_York', nullable: true }),
    IsOptional(),
    IsString(),
    MaxLength(64),
    ValidateBy({
      name: 'isTimeZone',
      validator: {
        validate: isTimeZone,
        defaultMessage: (args) => `${args?.property} must be an IANA time zone id such as America/New_York`,
      },
    }),
  );

/** A time of day, `HH:mm` (24-hour). */
export const OptionalTime = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({
      description,
      type: String,
      example: '09:00',
      pattern: '^([01]\\d|2[0-3]):[0-5]\\d$',
    }),
    IsOptional(),
    IsString(),
    Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '$property must be a time of day as HH:mm' }),
  );

const isCalendarDate = (value: unknown): boolean => {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

/** A calendar date, `yyyy-MM-dd`, that exists. */
export const OptionalDate = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ description, type: String, example: '2026-01-31', format: 'date' }),
    IsOptional(),
    IsString(),
    ValidateBy({
      name: 'isCalendarDate',
      validator: {
        validate: isCalendarDate,
        defaultMessage: (args) => `${args?.property} must be a date as yyyy-MM-dd`,
      },
    }),
  );

const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?$/;

/** An ISO 8601 date-time on a date that exists; with `offset: 'required'`, it must end in Z or ±HH:mm. */
export const isDateTime = (value: unknown, offset: 'required' | 'optional'): boolean => {
  if (typeof value !== 'string') return false;
  const match = DATE_TIME.exec(value);
  return match !== null && isCalendarDate(match[1]) && (offset === 'optional' || match[5] !== undefined);
};

/** An ISO 8601 date-time (`2026-12-24T09:30:00-05:00`); with `offset: 'optional'`, a local one is taken too. */
export const OptionalDateTime = (description: string, offset: 'required' | 'optional') =>
  applyDecorators(
    ApiPropertyOptional({
      description,
      type: String,
      example: offset === 'required' ? '2026-12-24T09:30:00-05:00' : '2026-12-24T09:30:00',
      nullable: true,
    }),
    IsOptional(),
    ValidateBy({
      name: 'isDateTime',
      validator: {
        validate: (value: unknown) => isDateTime(value, offset),
        defaultMessage: (args) =>
          offset === 'required'
            ? `${args?.property} must be an ISO 8601 date-time with an offset or Z, e.g. 2026-12-24T09:30:00-05:00`
            : `${args?.property} must be an ISO 8601 date-time, e.g. 2026-12-24T09:30:00 (optionally with an offset)`,
      },
    }),
  );
