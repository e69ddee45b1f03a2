import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConflictError } from '../common/errors/domain-errors';
import { CustomersService } from '../customers/customers.service';
import type { DeletionOptions } from '../database/deletion-hooks';
import { EndpointRepository } from './endpoint.repository';

/**
 * What deleting customers means for endpoints: a 409 while the customers hold endpoints, unless the
 * caller cascades; then the endpoints stay with the account, without a customer.
 */
@Injectable()
export class EndpointsOnCustomersDeleting implements OnModuleInit {
  constructor(
    private readonly customers: CustomersService,
    private readonly endpoints: EndpointRepository,
  ) {}

  onModuleInit(): void {
    this.customers.deletionHooks.register('check', (m, customerIds, options) =>
      this.react(m, customerIds, options),
    );
  }

  private async react(m: EntityManager, customerIds: string[], { force }: DeletionOptions): Promise<void> {
    const held = await this.endpoints.countReferring(m, 'customerId', customerIds);
    if (held === 0) return;
    if (!force)
      throw new ConflictError(
        'CustomerHasEndpoints',
        `The customer (or its subtree) has ${held} endpoint(s); move them first or pass cascade=true`,
      );
    await this.endpoints.detach(m, 'customerId', customerIds);
  }
}
