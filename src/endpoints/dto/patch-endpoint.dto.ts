import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsOptional, ValidateNested, ArrayMaxSize } from 'class-validator';
import { OptionalSchedule, Schedule, ScheduledFlow } from '../../contract/schedule.dto';
import type { Struct } from '../../contract/struct.dto';
import {
  OptionalBool,
  OptionalEnum,
  OptionalId,
  OptionalIdList,
  OptionalString,
  OptionalStruct,
  PatchString,
} from '../../common/validation/decorators';
import { EndpointFlowSchedules, UserModes } from '../../contract/endpoint.enums';

/**
 * Evo's `PatchEndpoint`, for the mutable fields this service manages: only the fields given change;
 * null clears a nullable field. Changes the provider must know (displayName -> friendly name,
 * addressSid, emergency settings) are pushed to it before they are stored.
 */
export class PatchEndpoint {
  @PatchString('The display name of the endpoint')
  displayName?: string;

  @OptionalString('The third party reference ID for the endpoint (null clears it)')
  referenceId?: string | null;

  @OptionalId('Move the endpoint to this customer of its account (null: the account itself)')
  customerId?: string | null;

  @OptionalIdList('The tags of the endpoint (replaces the list)')
  tagIds?: string[];

  @OptionalStruct("The endpoint's data (replaces the whole struct)")
  data?: Struct;

  @OptionalId('The flow to use for voice (null: none)')
  flowId?: string | null;

  @OptionalStruct('The params for the voice flow (replaces the whole struct)')
  flowParams?: Struct;

  @OptionalEnum(EndpointFlowSchedules, 'EndpointFlowSchedules', 'Always the one flow, or the scheduled flows')
  flowSchedule?: EndpointFlowSchedules;

  @OptionalSchedule("This endpoint's schedule (null clears it)")
  schedule?: Schedule | null;

  @ApiPropertyOptional({ description: 'The flows to use per schedule state', type: [ScheduledFlow] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ScheduledFlow)
  scheduledFlows?: ScheduledFlow[];

  @OptionalBool('Disable SMS')
  disableSms?: boolean;

  @OptionalBool('Prevent overriding the 10DLC / SMS settings of this number')
  useExternal10DlcCampaign?: boolean;

  @OptionalBool('Look up the caller ID of incoming calls')
  enableCallerIdLookup?: boolean;

  @OptionalString('The caller ID name (CNAM) for the phone number', 15)
  callerIdName?: string | null;

  @OptionalString('The address SID associated with the phone number', 64)
  addressSid?: string | null;

  @OptionalBool('Is emergency calling enabled on this number?')
  enableEmergencyCalling?: boolean;

  @OptionalString('The SID of the emergency address for this number', 64)
  emergencyAddressSid?: string | null;

  @OptionalId('The ID of the phone number to use for emergency dialing')
  emergencyPhoneNumberId?: string | null;

  @OptionalEnum(UserModes, 'UserModes', 'The mode for this user')
  userMode?: UserModes;

  @OptionalString('The SIP user name', 255)
  sipUserName?: string | null;

  @OptionalString('Extra info for this endpoint (typically to show in grid)', 1000)
  extraInformation?: string | null;
}
