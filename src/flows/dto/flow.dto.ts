import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEnum, IsObject, IsOptional } from 'class-validator';
import { EntityInfo } from '../../common/dto/entity-info.dto';
import { OptionalId, OptionalString, RequiredString } from '../../common/validation/decorators';

export enum FlowRoles {
  UI = 'UI',
  Reference = 'Reference',
  PhoneNumberRouting = 'PhoneNumberRouting',
  UserDialOut = 'UserDialOut',
  FaxNumberRouting = 'FaxNumberRouting',
}

export class NewFlow {
  @OptionalId("The account of the flow (defaults to the caller's only account)")
  accountId?: string;

  @OptionalId('The customer the flow belongs to, if any')
  customerId?: string;

  @RequiredString('The name of the flow', 255, 'Main IVR')
  name: string;

  @OptionalString('A description of the flow', 4000)
  description?: string;

  @OptionalString('Notes about the flow', 4000)
  notes?: string;

  @ApiPropertyOptional({
    description: 'What the flow is for',
    enum: FlowRoles,
    enumName: 'FlowRoles',
    isArray: true,
  })
  @IsOptional()
  @IsArray()
  @IsEnum(FlowRoles, {
    each: true,
    message: `roles must each be one of: ${Object.values(FlowRoles).join(', ')}`,
  })
  roles?: FlowRoles[];

  @ApiPropertyOptional({
    description: 'The nodes of the routing graph',
    type: 'array',
    items: { type: 'object' },
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsObject({ each: true })
  nodes?: Record<string, unknown>[];

  @ApiPropertyOptional({
    description: 'The parameters the flow takes',
    type: 'array',
    items: { type: 'object' },
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsObject({ each: true })
  parameters?: Record<string, unknown>[];

  @ApiPropertyOptional({ description: 'The exits of the flow', type: 'array', items: { type: 'object' } })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsObject({ each: true })
  exits?: Record<string, unknown>[];
}

/** Evo's `FlowInfo` (the parts this service manages). */
export class FlowInfo extends EntityInfo {
  @ApiProperty({ description: 'The name of the flow' }) name: string;
  @ApiProperty({ description: 'Description', nullable: true, type: String }) description: string | null;
  @ApiProperty({ description: 'Notes', nullable: true, type: String }) notes: string | null;
  @ApiProperty({ description: 'Roles', enum: FlowRoles, enumName: 'FlowRoles', isArray: true })
  roles: FlowRoles[];
  @ApiProperty({ description: 'The account of the flow' }) accountId: string;
  @ApiProperty({ description: 'The name of the account', nullable: true, type: String }) accountName:
    string | null;
  @ApiProperty({ description: 'The customer of the flow', nullable: true, type: String }) customerId:
    string | null;
  @ApiProperty({ description: 'Nodes', type: 'array', items: { type: 'object' } }) nodes: unknown[];
  @ApiProperty({ description: 'Parameters', type: 'array', items: { type: 'object' } }) parameters: unknown[];
  @ApiProperty({ description: 'Exits', type: 'array', items: { type: 'object' } }) exits: unknown[];
  @ApiProperty({ description: 'Number of nodes', type: 'integer' }) nodeCount: number;
}
