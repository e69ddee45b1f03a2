import { ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

/**
 * Evo's `Value`: a protobuf-like tagged value. A `Struct` is a map of them, nested through
 * `listValue` (a list of Structs) and `structValue`.
 */
export class Value {
  @ApiPropertyOptional({ description: 'A boolean value', nullable: true, type: Boolean })
  boolValue?: boolean | null;

  @ApiPropertyOptional({ description: 'A string value', nullable: true, type: String })
  stringValue?: string | null;

  @ApiPropertyOptional({ description: 'A number value', nullable: true, type: Number, format: 'double' })
  numberValue?: number | null;

  @ApiPropertyOptional({
    description: 'A list of Structs',
    type: 'array',
    items: { type: 'object', additionalProperties: { $ref: '#/components/schemas/Value' } },
    example: [{ name: { stringValue: 'Sales' } }],
  })
  listValue?: (Struct | null)[] | null;

  @ApiPropertyOptional({
    description: 'A nested Struct',
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/Value' },
    example: { name: { stringValue: 'Sales' } },
  })
  structValue?: Struct | null;
}

export type Struct = { [key: string]: Value };

/** What the document shows as a Value and as a Struct: small and valid (a Value sets one of its fields). */
export const VALUE_EXAMPLE = { stringValue: 'Sales' };
export const STRUCT_EXAMPLE = { department: VALUE_EXAMPLE };

/** OpenAPI schema of a Struct property, for `@ApiProperty(structSchema('...'))`. */
export function structSchema(description: string) {
  return {
    description,
    type: 'object' as const,
    additionalProperties: { $ref: getSchemaPath(Value) },
    example: STRUCT_EXAMPLE,
  };
}
