import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsEnum, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import {
  OptionalBool,
  OptionalDate,
  OptionalId,
  OptionalInt,
  OptionalString,
  OptionalStruct,
  OptionalTime,
  OptionalTimeZone,
} from '../common/validation/decorators';
import type { Struct } from './struct.dto';

export enum SimpleSchedulingRuleTypes {
  Always = 'Always',
  CustomerState = 'CustomerState',
  Time = 'Time',
}

export enum SchedulingRuleFrequency {
  None = 'None',
  Secondly = 'Secondly',
  Minutely = 'Minutely',
  Hourly = 'Hourly',
  Daily = 'Daily',
  Weekly = 'Weekly',
  Monthly = 'Monthly',
  Yearly = 'Yearly',
}

export enum DayOfWeek {
  Sunday = 'Sunday',
  Monday = 'Monday',
  Tuesday = 'Tuesday',
  Wednesday = 'Wednesday',
  Thursday = 'Thursday',
  Friday = 'Friday',
  Saturday = 'Saturday',
}

const intList = (description: string, min: number, max: number) => [
  ApiPropertyOptional({ description, type: [Number] }),
  IsOptional(),
  IsArray(),
  IsInt({ each: true }),
  Min(min, { each: true }),
  Max(max, { each: true }),
];

const apply =
  (decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((d) => d(target, key));

export class ScheduleDay {
  @OptionalInt('Which occurrence of the day in the period (e.g. 1 = first, -1 = last)', -53, 53)
  offset?: number;

  @ApiPropertyOptional({ description: 'The day of the week', enum: DayOfWeek, enumName: 'DayOfWeek' })
  @IsOptional()
  @IsEnum(DayOfWeek)
  dayOfWeek?: DayOfWeek;
}

export class SchedulingRule {
  @OptionalId('The ID of the rule')
  id?: string;
  @OptionalString('The name of the rule')
  name?: string;
  @OptionalInt('The priority of the rule', -1_000_000, 1_000_000)
  priority?: number;
  @OptionalString('The state this rule puts the schedule in')
  state?: string;
  @OptionalString('The source of the rule')
  source?: string;
  @OptionalString('A condition expression', 4000)
  condition?: string;
  @ApiPropertyOptional({
    description: 'The simple rule type',
    enum: SimpleSchedulingRuleTypes,
    enumName: 'SimpleSchedulingRuleTypes',
  })
  @IsOptional()
  @IsEnum(SimpleSchedulingRuleTypes)
  simpleRuleType?: SimpleSchedulingRuleTypes;
  @OptionalString('The customer state for CustomerState rules')
  customerState?: string;
  @OptionalId('The flow to run while this rule applies')
  flowId?: string;
  @OptionalStruct('The params of that flow')
  flowParams?: Struct;
  @OptionalBool('Does the rule span whole days?')
  isAllDay?: boolean;
  @OptionalDate('Start date (yyyy-MM-dd)')
  startDate?: string;
  @OptionalTime('Start time (HH:mm)')
  startTime?: string;
  @OptionalTime('End time (HH:mm)')
  endTime?: string;
  @apply(intList('BYSETPOS', -366, 366))
  bySetPosition?: number[];
  @apply(intList('BYMONTH', 1, 12))
  byMonth?: number[];
  @apply(intList('BYWEEKNO', -53, 53))
  byWeekNo?: number[];
  @apply(intList('BYYEARDAY', -366, 366))
  byYearDay?: number[];
  @apply(intList('BYMONTHDAY', -31, 31))
  byMonthDay?: number[];
  @ApiPropertyOptional({ description: 'BYDAY', type: [ScheduleDay] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ScheduleDay)
  byDay?: ScheduleDay[];
  @apply(intList('BYHOUR', 0, 23))
  byHour?: number[];
  @apply(intList('BYMINUTE', 0, 59))
  byMinute?: number[];
  @OptionalInt('INTERVAL', 0, 1_000_000)
  interval?: number;
  @OptionalInt('COUNT', 0, 1_000_000)
  count?: number;
  @OptionalDate('UNTIL date (yyyy-MM-dd)')
  untilDate?: string;
  @ApiPropertyOptional({
    description: 'FREQ',
    enum: SchedulingRuleFrequency,
    enumName: 'SchedulingRuleFrequency',
  })
  @IsOptional()
  @IsEnum(SchedulingRuleFrequency)
  frequency?: SchedulingRuleFrequency;
}

export class Schedule {
  @OptionalTimeZone('IANA time zone id, e.g. America/New_York')
  timeZoneId?: string;
  @OptionalBool('Inherit the parent schedule?')
  inherit?: boolean;
  @OptionalBool('Force the schedule closed?')
  forceClosed?: boolean;
  @ApiPropertyOptional({ description: 'The rules, by priority', type: [SchedulingRule] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SchedulingRule)
  rules?: SchedulingRule[];
  @OptionalString('The state when no rule applies')
  defaultState?: string;
}

export class ScheduledFlow {
  @OptionalString('The schedule state this flow serves')
  stateName?: string;
  @OptionalId('The flow to run in that state')
  flowId?: string;
  @OptionalStruct('The params of that flow')
  flowParams?: Struct;
}

/** A request's optional `schedule`: validated as a Schedule, documented, and cleared by null. */
export const OptionalSchedule = (description: string): PropertyDecorator =>
  apply([
    ApiPropertyOptional({ description, type: Schedule, nullable: true }),
    IsOptional(),
    ValidateNested(),
    Type(() => Schedule),
  ]);
