import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

export class ResponseError {
  @ApiProperty({ description: 'Machine-readable code of this error', example: 'NotEmpty' })
  errorCode: string;

  @ApiProperty({ description: 'The request field the error is about (JSON path)', example: 'number' })
  fieldName: string;

  @ApiProperty({ description: 'Human-readable message', example: "'number' must not be empty." })
  message: string;

  @ApiPropertyOptional({
    description: 'Extra details',
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  meta?: Record<string, string>;
}

@ApiSchema({ description: 'What failed: a code, a message and the errors of each field (ServiceStack)' })
export class ResponseStatus {
  @ApiProperty({ description: 'Machine-readable code of the failure', example: 'NotEmpty' })
  errorCode: string;

  @ApiProperty({ description: 'Human-readable message' })
  message: string;

  @ApiPropertyOptional({ description: 'Stack trace (development only)' })
  stackTrace?: string;

  @ApiProperty({ description: 'Field errors', type: [ResponseError] })
  errors: ResponseError[];

  @ApiPropertyOptional({
    description: 'Extra details, such as the correlation id of a server error',
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  meta?: Record<string, string>;
}

/** The one shape every failure has: ServiceStack's `{ responseStatus }`. */
export class ResponseStatusEnvelope {
  @ApiProperty({ type: ResponseStatus })
  responseStatus: ResponseStatus;
}
