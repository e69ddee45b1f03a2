import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RequiredId } from '../../../../common/validation/decorators';

export class SyncPhoneNumbers {
  @RequiredId('The account whose numbers to reconcile with the provider')
  accountId: string;
}

export class SyncedNumber {
  @ApiProperty({ description: 'E.164 number', example: '+15005550006' })
  phoneNumber: string;

  @ApiPropertyOptional({
    description: 'The endpoint holding the number, if any',
    type: String,
    nullable: true,
  })
  endpointId: string | null;

  @ApiPropertyOptional({ description: "The provider's SID of the number", type: String, nullable: true })
  phoneNumberSid: string | null;

  @ApiPropertyOptional({
    description: 'Why it is listed (e.g. the last error)',
    type: String,
    nullable: true,
  })
  detail: string | null;
}

export class WebhookMismatch {
  @ApiProperty({ description: 'E.164 number' })
  phoneNumber: string;

  @ApiProperty({ description: 'The endpoint holding the number' })
  endpointId: string;

  @ApiPropertyOptional({ description: "The provider's SID of the number", type: String, nullable: true })
  phoneNumberSid: string | null;

  @ApiPropertyOptional({ description: 'Voice URL configured at the provider', type: String, nullable: true })
  voiceUrl: string | null;

  @ApiProperty({ description: 'Voice URL PUBLIC_BASE_URL implies' })
  expectedVoiceUrl: string;

  @ApiPropertyOptional({ description: 'SMS URL configured at the provider', type: String, nullable: true })
  smsUrl: string | null;

  @ApiProperty({ description: 'SMS URL PUBLIC_BASE_URL implies' })
  expectedSmsUrl: string;
}

export class SyncCounts {
  @ApiProperty({ description: 'Stuck claims found bought at the provider and activated' }) adopted: number;
  @ApiProperty({ description: 'Stuck claims the provider never sold, removed' }) released: number;
  @ApiProperty({ description: 'Stuck claims the provider could not be asked about (retried next run)' })
  unsettled: number;
  @ApiProperty({ description: 'Orphaned numbers released at the provider' }) orphansReleased: number;
  @ApiProperty({ description: 'Orphaned numbers whose release failed again' }) orphansPending: number;
  @ApiProperty({ description: 'Numbers the provider holds that the service does not know' })
  boughtOutsideService: number;
  @ApiProperty({ description: 'Active endpoints whose number the provider does not hold' })
  missingAtProvider: number;
  @ApiProperty({ description: 'Numbers whose webhooks differ from what PUBLIC_BASE_URL implies' })
  webhookMismatches: number;
}

/** What a reconciliation did and found. */
export class SyncPhoneNumbersResponse {
  @ApiProperty({ description: 'The account reconciled', type: String })
  accountId: string;

  @ApiProperty({ type: SyncCounts, description: 'How many of each list' })
  counts: SyncCounts;

  @ApiProperty({ type: [SyncedNumber], description: 'Stuck claims found bought and activated' })
  adopted: SyncedNumber[];

  @ApiProperty({ type: [SyncedNumber], description: 'Stuck claims the provider never sold, removed' })
  released: SyncedNumber[];

  @ApiProperty({ type: [SyncedNumber], description: 'Stuck claims the provider could not be asked about' })
  unsettled: SyncedNumber[];

  @ApiProperty({ type: [SyncedNumber], description: 'Orphaned numbers released at the provider' })
  orphansReleased: SyncedNumber[];

  @ApiProperty({ type: [SyncedNumber], description: 'Orphaned numbers whose release failed again' })
  orphansPending: SyncedNumber[];

  @ApiProperty({
    type: [SyncedNumber],
    description: 'Numbers the provider holds that the service does not know',
  })
  boughtOutsideService: SyncedNumber[];

  @ApiProperty({
    type: [SyncedNumber],
    description: 'Active endpoints whose number the provider does not hold',
  })
  missingAtProvider: SyncedNumber[];

  @ApiProperty({
    type: [WebhookMismatch],
    description: 'Numbers whose webhook URLs differ from the expected ones',
  })
  webhookMismatches: WebhookMismatch[];
}
