import { Injectable, OnModuleInit } from '@nestjs/common';
import { ValueTypes } from '../contract/value-types.enum';
import { CustomersService } from '../customers/customers.service';
import { FLOW_VALUE_TYPES } from './flow-graph';
import { FlowRepository } from './flow.repository';
import { FlowsService } from './flows.service';

/** Checks a flow's Flow-typed values (sub-flows too) and Customer values against the flow's account. */
@Injectable()
export class FlowAndCustomerReferences implements OnModuleInit {
  constructor(
    private readonly flows: FlowsService,
    private readonly flowRows: FlowRepository,
    private readonly customers: CustomersService,
  ) {}

  onModuleInit(): void {
    this.flows.references.register([...FLOW_VALUE_TYPES], (m, accountId, ids) =>
      this.flowRows.idsInAccount(m, accountId, ids),
    );
    this.flows.references.register([ValueTypes.Customer], (m, accountId, ids) =>
      this.customers.idsInAccount(m, accountId, ids),
    );
  }
}
