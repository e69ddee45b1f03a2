import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Principal, tenantScope } from '../../common/auth/principal';
import { normalisePhoneNumber } from '../../common/validation/phone-number';
import { applyTenantScope } from '../../database/tenant-scope';
import { ListProvisioningEventsQuery, ProvisioningEventList } from './dto/provisioning-event.dto';
import { ProvisioningEventEntity } from './entities/provisioning-event.entity';

const MAX_EVENTS = 500;

/** Reads the provisioning audit trail, confined to the caller's accounts in SQL. */
@Injectable()
export class ProvisioningEventsService {
  constructor(
    @InjectRepository(ProvisioningEventEntity) private readonly events: Repository<ProvisioningEventEntity>,
  ) {}

  async list(actor: Principal, query: ListProvisioningEventsQuery): Promise<ProvisioningEventList> {
    const q = this.events.createQueryBuilder('e');
    applyTenantScope(q, tenantScope(actor), { accountColumn: 'e.accountId' });
    if (query.accountId) q.andWhere('e.accountId = :accountId', { accountId: query.accountId });
    if (query.phoneNumber)
      q.andWhere('e.phoneNumber = :phoneNumber', {
        phoneNumber: normalisePhoneNumber(query.phoneNumber, 'phoneNumber'),
      });
    const rows = await q
      .orderBy('e.occurredAt', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .take(MAX_EVENTS)
      .getMany();
    return { items: rows.map((row) => ({ ...row })) };
  }
}
