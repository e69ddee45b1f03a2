import { jest } from '@jest/globals';
import type { AccountsService } from '../../src/accounts/accounts.service';
import { ValidationFailedError } from '../../src/common/errors/domain-errors';
import { DayOfWeek, type Schedule, SchedulingRuleFrequency } from '../../src/contract/schedule.dto';
import type { CustomersService } from '../../src/customers/customers.service';
import type { EndpointInfoReader } from '../../src/endpoints/endpoint-info.reader';
import type { EndpointRepository } from '../../src/endpoints/endpoint.repository';
import {
  FLOW_STATE_MAX_CANDIDATES,
  type ListEndpointsQuery,
} from '../../src/endpoints/dto/list-endpoints.dto';
import { EndpointsService } from '../../src/endpoints/endpoints.service';
import type { FlowsService } from '../../src/flows/flows.service';
import { CustomerSchedules } from '../../src/schedules/customer-schedules';
import type { ScheduleResolver } from '../../src/schedules/schedule-resolver';
import type { TagsService } from '../../src/tags/tags.service';
import type { TelephonyProviderResolver } from '../../src/telephony/telephony-provider.resolver';
import { manager } from '../factories/endpoint-fixtures';
import { strictFake } from '../helpers/strict-fake';

type Candidate = Awaited<ReturnType<EndpointRepository['scheduleCandidates']>>[number];

/** Open 09:00-17:00 on weekdays in New York, Closed otherwise. */
const OFFICE: Schedule = {
  timeZoneId: 'America/New_York',
  defaultState: 'Closed',
  rules: [
    {
      state: 'Open',
      frequency: SchedulingRuleFrequency.Weekly,
      byDay: [
        DayOfWeek.Monday,
        DayOfWeek.Tuesday,
        DayOfWeek.Wednesday,
        DayOfWeek.Thursday,
        DayOfWeek.Friday,
      ].map((dayOfWeek) => ({ dayOfWeek })),
      startTime: '09:00',
      endTime: '17:00',
    },
  ],
};
/** A Wednesday, 10:00 in New York: the office is Open. */
const NOW = new Date('2026-12-23T15:00:00Z');

const candidate = (id: string, overrides: Partial<Candidate> = {}): Candidate => ({
  id,
  accountId: 'account-1',
  schedule: null,
  customerPath: null,
  ...overrides,
});

/**
 * ListEndpoints' schedule-state filter over strict fakes: the repository picks the candidates with the
 * other filters, the service evaluates them at the account's now, and the page is of those in the state.
 */
function setup(candidates: Candidate[]) {
  const PAGE = { items: [] as string[], totalCount: 0, totalPages: 0, hasMorePages: false, nextCursor: null };
  const pageIds = jest.fn(async (..._args: Parameters<EndpointRepository['pageIds']>) => PAGE);
  const scheduleCandidates = jest.fn(async () => candidates);
  const endpoints = strictFake<EndpointRepository>('EndpointRepository', { pageIds, scheduleCandidates });
  const schedules = strictFake<ScheduleResolver>('ScheduleResolver', {
    forSubjects: jest.fn(
      async () =>
        new CustomerSchedules(new Map([['office', { id: 'office', name: 'Office', schedule: OFFICE }]])),
    ),
    now: jest.fn(async () => NOW),
  });
  const service = new EndpointsService(
    endpoints,
    strictFake<AccountsService>('AccountsService'),
    strictFake<CustomersService>('CustomersService'),
    strictFake<TagsService>('TagsService'),
    strictFake<FlowsService>('FlowsService'),
    strictFake<TelephonyProviderResolver>('TelephonyProviderResolver'),
    strictFake<EndpointInfoReader>('EndpointInfoReader', { byIds: jest.fn(async () => []) }),
    schedules,
  );
  const list = (query: Partial<ListEndpointsQuery>) => service.list(manager(), query);
  return { list, pageIds, scheduleCandidates };
}

describe('EndpointsService.list: flowState, a schedule state', () => {
  const candidates = [
    candidate('inherits-office', { customerPath: 'office/' }),
    candidate('own-closed', { schedule: { forceClosed: true } }),
    candidate('account-default'),
    candidate('own-inherit', { schedule: { inherit: true }, customerPath: 'office/' }),
  ];

  it.each([
    ['Open', ['inherits-office', 'account-default', 'own-inherit']],
    ['Closed', ['own-closed']],
    ['Holiday', []],
  ])('flowState=%s pages only the endpoints in that state now', async (state, expected) => {
    const s = setup(candidates);
    await s.list({ flowState: state });
    expect(s.pageIds).toHaveBeenCalledTimes(1);
    expect(s.pageIds.mock.calls[0][2]).toEqual(expected);
  });

  it.each(['HasFlow', 'NoFlow'])(
    'the legacy flowState=%s is an SQL filter: no schedule is evaluated',
    async (state) => {
      const s = setup(candidates);
      await s.list({ flowState: state });
      expect(s.scheduleCandidates).not.toHaveBeenCalled();
      expect(s.pageIds.mock.calls[0][2]).toBeUndefined();
    },
  );

  it(`refuses more than ${FLOW_STATE_MAX_CANDIDATES} candidates with a 400 naming flowState, and reads no page`, async () => {
    const many = Array.from({ length: FLOW_STATE_MAX_CANDIDATES + 1 }, (_, i) => candidate(`e${i}`));
    const s = setup(many);
    const refusal = s.list({ flowState: 'Open' });
    await expect(refusal).rejects.toBeInstanceOf(ValidationFailedError);
    await expect(refusal).rejects.toMatchObject({
      fieldErrors: [{ fieldName: 'flowState', errorCode: 'TooMany' }],
    });
    expect(s.pageIds).not.toHaveBeenCalled();
  });
});
