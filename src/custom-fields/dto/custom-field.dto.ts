import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional } from 'class-validator';
import { Value } from '../../contract/struct.dto';
import { KeptAsSent } from '../../common/validation/decorators';
import { ValueTypes } from '../../contract/value-types.enum';
import { EndpointTypes } from '../../contract/endpoint.enums';

/**
 * Evo's custom field definition (`customerFields`, `endpointFields`, `systemFields` of the system
 * settings). Documented here for OpenAPI and ServiceStack binding; fields are checked by
 * `CustomFieldsService.validate`, not by class-validator, so that every property a client sends (Evo has
 * more than these) is stored and returned as sent.
 */
export class CustomField {
  @ApiProperty({
    description: 'The name of the field, unique (case-insensitively) within its list',
    maxLength: 255,
    example: 'Tier',
  })
  name: string;

  @ApiProperty({
    description: 'What the value holds (Evo’s ValueTypes; a field cannot be a Transition)',
    enum: ValueTypes,
    enumName: 'ValueTypes',
    example: ValueTypes.String,
  })
  type: ValueTypes;

  @ApiPropertyOptional({ description: 'A description of the field' })
  description?: string;

  /** Endpoint fields only. */
  @ApiPropertyOptional({
    // EndpointInfo's words: the first property documented with `enumName` describes the shared enum schema.
    description: 'The type of endpoint',
    enum: EndpointTypes,
    enumName: 'EndpointTypes',
  })
  endpointType?: EndpointTypes;

  @ApiPropertyOptional({
    description: 'The value a new customer, endpoint or system starts with',
    type: () => Value,
  })
  defaultValue?: Value;

  /** Any other property, kept as sent. */
  [property: string]: unknown;
}

/** Fields per list. */
export const MAX_CUSTOM_FIELDS = 1000;

/**
 * A list of custom fields in a request, documented as `CustomField`; the fields themselves are checked by
 * `CustomFieldsService.validate` (not class-validator, which would strip the properties it does not know).
 */
export const CustomFieldList = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ description, type: [CustomField], maxItems: MAX_CUSTOM_FIELDS }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(MAX_CUSTOM_FIELDS),
    KeptAsSent(),
  );
