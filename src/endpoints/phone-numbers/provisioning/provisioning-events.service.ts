import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Principal, tenantScope } from '../../../common/auth/principal';
import { ListResponse, SortOrders } from '../../../common/dto/list.dto';
import { normalisePhoneNumber } from '../../../common/validation/phone-number';
import { paginate } from '../../../database/paging';
import { applyTenantScope } from '../../../database/tenant-scope';
import {
  ListProvisioningEventsQuery,
  PROVISIONING_EVENT_SORT_FIELDS,
  ProvisioningEventInfo,
} from './dto/provisioning-event.dto';
import { ProvisioningEventEntity } from './entities/provisioning-event.entity';

/** Reads the provisioning audit trail, confined to the caller's accounts in SQL. */
@Injectable()
export class ProvisioningEventsService {
  constructor(
    @InjectRepository(ProvisioningEventEntity) private readonly events: Repository<ProvisioningEventEntity>,
  ) {}

  async list(
    actor: Principal,
    request: ListProvisioningEventsQuery,
  ): Promise<ListResponse<ProvisioningEventInfo>> {
    const query = this.events.createQueryBuilder('e');
    applyTenantScope(query, tenantScope(actor), { accountColumn: 'e.accountId' });
    if (request.accountId) query.andWhere('e.accountId = :accountId', { accountId: request.accountId });
    if (request.phoneNumber)
      query.andWhere('e.phoneNumber = :phoneNumber', {
        phoneNumber: normalisePhoneNumber(request.phoneNumber, 'phoneNumber'),
      });
    const page = await paginate(query, request, {
      sortFields: PROVISIONING_EVENT_SORT_FIELDS,
      nullableSortFields: [],
      defaultSortField: 'occurredAt',
      defaultSortOrder: SortOrders.Descend,
      idColumn: 'e.id',
    });
    return { ...page, items: page.items.map((row) => ({ ...row })) };
  }
}
