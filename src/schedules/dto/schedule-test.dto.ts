import { ApiProperty } from '@nestjs/swagger';
import { OptionalSchedule, Schedule } from '../../contract/schedule.dto';
import { type Struct, structSchema } from '../../contract/struct.dto';
import { OptionalDateTime } from '../../common/validation/decorators';

/** Where an effective schedule comes from. */
export enum ScheduleSources {
  /** The endpoint's or customer's own schedule. */
  Own = 'Own',
  /** A customer up the chain (the customer's own, or an ancestor's). */
  Customer = 'Customer',
  /** Nothing up the chain defines one: the account default, always Open, in UTC. */
  AccountDefault = 'AccountDefault',
}

/** The schedule that governs an endpoint or customer, and where it comes from. */
export class InheritedSchedule extends Schedule {
  @ApiProperty({
    description: 'Where the schedule comes from',
    enum: ScheduleSources,
    enumName: 'ScheduleSources',
  })
  source: ScheduleSources;

  @ApiProperty({
    description: 'The customer whose schedule it is (source Customer), else null',
    nullable: true,
    type: String,
  })
  sourceCustomerId: string | null;

  @ApiProperty({ description: "That customer's name", nullable: true, type: String })
  sourceCustomerName: string | null;
}

/** Evaluates an endpoint's or customer's schedule at an instant, optionally trying an unsaved schedule. */
export class TestSchedule {
  @OptionalDateTime(
    "The instant to evaluate at; default now, or the account's test clock while it is on",
    'required',
  )
  dateTime?: string;

  @OptionalSchedule(
    'An unsaved schedule to try in place of the stored one (with inherit: true it inherits as a stored one would)',
  )
  schedule?: Schedule | null;
}

/** The state a schedule gives at an instant, and the rule that decided it. */
export class ScheduleTestResult {
  @ApiProperty({
    description: 'The state: Closed when forceClosed, else the matching rule’s, else the default',
  })
  state: string;

  @ApiProperty({
    description: 'The id of the rule that matched, null when none did',
    nullable: true,
    type: String,
  })
  ruleId: string | null;

  @ApiProperty({
    description: 'The name of the rule that matched, null when none did',
    nullable: true,
    type: String,
  })
  ruleName: string | null;

  @ApiProperty({ description: 'The time zone the schedule was evaluated in' })
  timeZoneId: string;

  @ApiProperty({
    description: 'The instant, in that time zone (ISO 8601 with its offset)',
    example: '2026-12-24T09:30:00-05:00',
  })
  localDateTime: string;

  @ApiProperty({
    description: 'Where the evaluated schedule comes from',
    enum: ScheduleSources,
    enumName: 'ScheduleSources',
  })
  source: ScheduleSources;
}

/** An endpoint's schedule test: also the flow that would answer a call at that instant. */
export class EndpointScheduleTestResult extends ScheduleTestResult {
  @ApiProperty({
    description: 'The flow that would answer a call, null for none',
    nullable: true,
    type: String,
  })
  flowId: string | null;

  @ApiProperty({ description: 'The name of that flow', nullable: true, type: String })
  flowName: string | null;

  @ApiProperty({ ...structSchema('The params that flow would run with'), nullable: true })
  flowParams: Struct | null;
}
