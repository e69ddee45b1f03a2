import type { Schedule } from '../contract/schedule.dto';
import { SimpleSchedulingRuleTypes } from '../contract/schedule.dto';
import {
  type EffectiveSchedule,
  effectiveSchedule,
  evaluateSchedule,
  type ScheduleEvaluation,
} from './engine';

/** A customer as schedules need it. */
export interface ScheduledCustomer {
  id: string;
  name: string;
  schedule: Schedule | null;
}

/** What is scheduled: an endpoint or a customer, and the customers above it, root first. */
export interface ScheduleSubject {
  schedule: Schedule | null | undefined;
  /** For an endpoint, its customer's breadcrumb; for a customer, its ancestors' (itself excluded). */
  customerIds: readonly string[];
}

const readsCustomerState = (schedule: Schedule): boolean =>
  (schedule.rules ?? []).some((r) => r.simpleRuleType === SimpleSchedulingRuleTypes.CustomerState);

/**
 * The schedules of some customers of one account, read once, answering for any subject below them:
 * its effective schedule (inherited up the chain) and its state at an instant. A CustomerState rule
 * reads the state of the subject's nearest customer, itself evaluated the same way (its own
 * CustomerState rules read its parent's); each customer's state is computed at most once per
 * instant, and only when a rule asks for it.
 */
export class CustomerSchedules {
  private readonly states = new Map<string, string | null>();
  private statesAt: number | null = null;

  constructor(private readonly customers: ReadonlyMap<string, ScheduledCustomer>) {}

  effective(subject: ScheduleSubject): EffectiveSchedule {
    const ancestors = subject.customerIds
      .map((id) => this.customers.get(id))
      .filter((c): c is ScheduledCustomer => c !== undefined)
      .reverse()
      .map((c) => ({ customerId: c.id, schedule: c.schedule }));
    return effectiveSchedule(subject.schedule, ancestors);
  }

  nameOf(customerId: string): string | null {
    return this.customers.get(customerId)?.name ?? null;
  }

  evaluate(
    subject: ScheduleSubject,
    at: Date,
  ): { effective: EffectiveSchedule; evaluation: ScheduleEvaluation } {
    const effective = this.effective(subject);
    const customerState = readsCustomerState(effective.schedule)
      ? this.stateOf(subject.customerIds, subject.customerIds.length - 1, at)
      : null;
    return { effective, evaluation: evaluateSchedule(effective.schedule, at, { customerState }) };
  }

  /** The state, at `at`, of the customer `path[index]` (null above the root). */
  private stateOf(path: readonly string[], index: number, at: Date): string | null {
    if (index < 0) return null;
    if (this.statesAt !== at.getTime()) {
      this.states.clear();
      this.statesAt = at.getTime();
    }
    const id = path[index];
    if (!this.states.has(id)) {
      const customer = this.customers.get(id);
      const state = customer
        ? this.evaluate({ schedule: customer.schedule, customerIds: path.slice(0, index) }, at).evaluation
            .state
        : null;
      this.states.set(id, state);
    }
    return this.states.get(id) ?? null;
  }
}
