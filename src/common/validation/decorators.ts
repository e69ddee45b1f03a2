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
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { structSchema } from '../dto/struct.dto';
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

export const OptionalId = (description: string) => OptionalString(description, ID_MAX_LENGTH);

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

export const OptionalStruct = (description: string) =>
  applyDecorators(ApiPropertyOptional(structSchema(description)), IsOptional(), IsStruct());

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
