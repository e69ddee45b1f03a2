import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConflictError } from '../common/errors/domain-errors';
import type { DeletionOptions } from '../database/deletion-hooks';
import { FlowsService } from '../flows/flows.service';
import { schedulesAnyFlow, withoutScheduledFlows } from './endpoint-settings';
import { EndpointRepository } from './endpoint.repository';

/**
 * What deleting flows means for endpoints. A flow is in use by the endpoints that run it (`flowId`) or
 * schedule it (`scheduledFlows`, schedule rules). Deleting it is a 409 while it is in use, unless the
 * caller detaches it: then those endpoints let go of it (see `withoutScheduledFlows`), in the deleting
 * transaction.
 */
@Injectable()
export class EndpointsOnFlowsDeleting implements OnModuleInit {
  constructor(
    private readonly flows: FlowsService,
    private readonly endpoints: EndpointRepository,
  ) {}

  onModuleInit(): void {
    this.flows.deletionHooks.register('check', (m, flowIds, options) => this.react(m, flowIds, options));
  }

  private async react(m: EntityManager, flowIds: string[], { force }: DeletionOptions): Promise<void> {
    const deleted = new Set(flowIds);
    const running = await this.endpoints.countReferring(m, 'flowId', flowIds);
    const scheduling = (await this.endpoints.mentioningFlows(m, flowIds)).filter((e) =>
      schedulesAnyFlow(e.settings, deleted),
    );
    const using = running + scheduling.filter((e) => e.flowId === null || !deleted.has(e.flowId)).length;
    if (using === 0) return;
    if (!force)
      throw new ConflictError(
        'FlowInUse',
        `${using} endpoint(s) run or schedule this flow; point them elsewhere or pass detach=true`,
      );
    if (running > 0) await this.endpoints.detach(m, 'flowId', flowIds);
    for (const endpoint of scheduling)
      await this.endpoints.replaceSettings(
        m,
        endpoint.id,
        withoutScheduledFlows(endpoint.settings ?? {}, deleted),
      );
  }
}
