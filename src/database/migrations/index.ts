import { InitialSchema1764250000000 } from './1764250000000-initial-schema';
import { ManagementApi1764260000000 } from './1764260000000-management-api';
import { ProvisioningReliability1764300000000 } from './1764300000000-provisioning-reliability';
import { EventsAndWebhooks1764310000000 } from './1764310000000-events-and-webhooks';
import { EndpointPagingIndex1764400000000 } from './1764400000000-endpoint-paging-index';
import { EndpointListIndex1764500000000 } from './1764500000000-endpoint-list-index';
import { PhoneNumberSearchIndex1764600000000 } from './1764600000000-phone-number-search-index';
import { NameSearchIndex1764700000000 } from './1764700000000-name-search-index';
import { SearchStatistics1764800000000 } from './1764800000000-search-statistics';
import { PagingTieBreakIndexes1764900000000 } from './1764900000000-paging-tie-break-indexes';
import { ClaimTokenIndexes1765000000000 } from './1765000000000-claim-token-indexes';
import { EndpointSortIndexes1765100000000 } from './1765100000000-endpoint-sort-indexes';
import { EvoFlowShape1765200000000 } from './1765200000000-evo-flow-shape';
import { CustomFields1765300000000 } from './1765300000000-custom-fields';
import { ForeignKeys1765400000000 } from './1765400000000-foreign-keys';
import { SandboxInventory1765500000000 } from './1765500000000-sandbox-inventory';
import { AccountForeignKeys1765600000000 } from './1765600000000-account-foreign-keys';
import { OutboxDebts1765700000000 } from './1765700000000-outbox-debts';
import { AccountTestClock1765800000000 } from './1765800000000-account-test-clock';

/** Every migration, in order. Add new ones at the end. */
export const MIGRATIONS = [
  InitialSchema1764250000000,
  ManagementApi1764260000000,
  ProvisioningReliability1764300000000,
  EventsAndWebhooks1764310000000,
  EndpointPagingIndex1764400000000,
  EndpointListIndex1764500000000,
  PhoneNumberSearchIndex1764600000000,
  NameSearchIndex1764700000000,
  SearchStatistics1764800000000,
  PagingTieBreakIndexes1764900000000,
  ClaimTokenIndexes1765000000000,
  EndpointSortIndexes1765100000000,
  EvoFlowShape1765200000000,
  CustomFields1765300000000,
  ForeignKeys1765400000000,
  SandboxInventory1765500000000,
  AccountForeignKeys1765600000000,
  OutboxDebts1765700000000,
  AccountTestClock1765800000000,
];
