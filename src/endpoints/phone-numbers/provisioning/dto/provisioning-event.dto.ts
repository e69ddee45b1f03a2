import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ListRequest, SortFieldOf, type SortFields } from '../../../../common/dto/list.dto';
import { OptionalId, OptionalString } from '../../../../common/validation/decorators';
import { PROVISIONING_STEPS, type ProvisioningStep } from '../entities/provisioning-event.entity';

/** The fields ListProvisioningEvents sorts by, and their columns. */
export const PROVISIONING_EVENT_SORT_FIELDS = {
  occurredAt: 'e.occurredAt',
  id: 'e.id',
} as const satisfies SortFields;

/** Paged like every list; newest first unless sortOrder says otherwise. */
@SortFieldOf(PROVISIONING_EVENT_SORT_FIELDS, 'occurredAt')
export class ListProvisioningEventsQuery extends ListRequest {
  @OptionalId('Only this account (default: every account the caller may see)')
  accountId?: string;

  @OptionalString('Only this phone number (any format; normalised to E.164)', 32)
  phoneNumber?: string;
}

export class ProvisioningEventInfo {
  @ApiProperty({ description: 'Id of the record' }) id: string;
  @ApiProperty({ description: 'When the step happened (ISO-8601 UTC)' }) occurredAt: string;
  @ApiProperty({ description: 'The account the number is provisioned for' }) accountId: string;
  @ApiProperty({ description: 'E.164 number' }) phoneNumber: string;
  @ApiPropertyOptional({ description: 'The endpoint (claim) concerned', type: String, nullable: true })
  endpointId: string | null;
  @ApiProperty({ description: 'The step', enum: PROVISIONING_STEPS, enumName: 'ProvisioningStep' })
  step: ProvisioningStep;
  @ApiProperty({ description: 'Who acted: the caller’s email address, or system:reconciler' }) actor: string;
  @ApiPropertyOptional({ description: 'X-Request-Id of the request', type: String, nullable: true })
  requestId: string | null;
  @ApiPropertyOptional({ description: 'Idempotency-Key of the request', type: String, nullable: true })
  idempotencyKey: string | null;
  @ApiPropertyOptional({ description: "The provider's SID of the number", type: String, nullable: true })
  phoneNumberSid: string | null;
  @ApiPropertyOptional({ description: 'Details (e.g. the error)', type: String, nullable: true })
  detail: string | null;
}
