import { Injectable, OnModuleInit } from '@nestjs/common';
import { ValueTypes } from '../contract/value-types.enum';
import { FlowsService } from '../flows/flows.service';
import { EndpointTypes } from '../contract/endpoint.enums';
import { EndpointRepository } from './endpoint.repository';

/**
 * The endpoints a flow value of each type may name (null: any endpoint), as Evo matches them: a
 * FaxNumber parameter takes a fax or a phone number.
 */
const FLOW_VALUE_ENDPOINT_TYPES: [ValueTypes, EndpointTypes[] | null][] = [
  [ValueTypes.Endpoint, null],
  [ValueTypes.PhoneNumber, [EndpointTypes.PhoneNumber]],
  [ValueTypes.FaxNumber, [EndpointTypes.FaxNumber, EndpointTypes.PhoneNumber]],
  [ValueTypes.User, [EndpointTypes.User]],
  [ValueTypes.Team, [EndpointTypes.Team]],
];

/** Checks a flow's endpoint-typed values: each names an endpoint of the flow's account, of the type's kinds. */
@Injectable()
export class EndpointFlowReferences implements OnModuleInit {
  constructor(
    private readonly flows: FlowsService,
    private readonly endpoints: EndpointRepository,
  ) {}

  onModuleInit(): void {
    for (const [valueType, endpointTypes] of FLOW_VALUE_ENDPOINT_TYPES)
      this.flows.references.register([valueType], (m, accountId, ids) =>
        this.endpoints.idsInAccount(m, accountId, ids, endpointTypes),
      );
  }
}
