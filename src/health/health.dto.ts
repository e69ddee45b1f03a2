import { ApiProperty } from '@nestjs/swagger';

export class HealthCheckDetail {
  @ApiProperty({ description: 'up, or down when the check failed', enum: ['up', 'down'] })
  status: 'up' | 'down';

  @ApiProperty({ description: 'Why the check failed, or what it found', required: false, type: String })
  message?: string;
}

export class HealthStatus {
  @ApiProperty({ description: 'ok when the instance can take traffic', enum: ['ok'] })
  status: 'ok';

  @ApiProperty({
    description: "The service's version (package.json's, as in CHANGELOG.md)",
    example: '1.2.3',
  })
  version: string;

  @ApiProperty({
    description:
      'Each check by name (database, migrations, telephony; redis when configured, reported without failing readiness) with its outcome',
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/HealthCheckDetail' },
  })
  details: Record<string, HealthCheckDetail>;
}
