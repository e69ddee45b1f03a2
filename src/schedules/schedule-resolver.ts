import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { CustomersService } from '../customers/customers.service';
import { CustomerSchedules, type ScheduleSubject } from './customer-schedules';
import { InheritedSchedule, ScheduleSources, ScheduleTestResult } from './dto/schedule-test.dto';
import { clockInstant, type EffectiveSchedule, type ScheduleEvaluation } from './engine';

/** An evaluation, with the schedule evaluated and where it came from. */
export interface ScheduleOutcome {
  effective: EffectiveSchedule;
  evaluation: ScheduleEvaluation;
}

/**
 * Schedules as they apply to an account's endpoints and customers: the effective schedule of each, its
 * state at an instant, and the instant "now" is for the account (its test clock's while it is on).
 * The evaluation itself is the engine's (`./engine`); this reads what it needs from the database.
 */
@Injectable()
export class ScheduleResolver {
  constructor(
    private readonly accounts: AccountsService,
    private readonly customers: CustomersService,
  ) {}

  /** "Now" for the account's schedules. */
  async now(accountId: string): Promise<Date> {
    return clockInstant(await this.accounts.testClock(accountId), new Date());
  }

  /** The customers' schedules that subjects of the account inherit from or read the state of. */
  async forSubjects(accountId: string, subjects: readonly ScheduleSubject[]): Promise<CustomerSchedules> {
    const ids = [...new Set(subjects.flatMap((s) => s.customerIds))];
    return new CustomerSchedules(await this.customers.schedules(accountId, ids));
  }

  async inherited(accountId: string, subject: ScheduleSubject): Promise<InheritedSchedule> {
    const schedules = await this.forSubjects(accountId, [subject]);
    const { schedule, source } = schedules.effective(subject);
    const customerId = source.kind === 'Customer' ? source.customerId : null;
    return {
      ...schedule,
      source: ScheduleSources[source.kind],
      sourceCustomerId: customerId,
      sourceCustomerName: customerId && schedules.nameOf(customerId),
    };
  }

  /** Evaluates a subject at `dateTime` (ISO 8601 with an offset), or at the account's now. */
  async evaluate(accountId: string, subject: ScheduleSubject, dateTime?: string): Promise<ScheduleOutcome> {
    const [schedules, at] = await Promise.all([
      this.forSubjects(accountId, [subject]),
      dateTime ? new Date(dateTime) : this.now(accountId),
    ]);
    return schedules.evaluate(subject, at);
  }
}

/** The answer of a schedule test. */
export function testResult({ effective, evaluation }: ScheduleOutcome): ScheduleTestResult {
  return {
    state: evaluation.state,
    ruleId: evaluation.rule?.id ?? null,
    ruleName: evaluation.rule?.name ?? null,
    timeZoneId: evaluation.timeZoneId,
    localDateTime: evaluation.localDateTime,
    source: ScheduleSources[effective.source.kind],
  };
}
