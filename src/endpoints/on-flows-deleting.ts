import { Injectable, OnModuleInit } from '@nestjs/common';
import { Brackets, EntityManager, In } from 'typeorm';
import { ConflictError } from '../common/errors/domain-errors';
import type { DeletionOptions } from '../database/deletion-hooks';
import { escapeLike } from '../database/tenant-scope';
import { FlowsService } from '../flows/flows.service';
import { schedulesAnyFlow, withoutScheduledFlows } from './endpoint-settings';
import { EndpointEntity } from './entities/endpoint.entity';

/**
 * What deleting flows means for endpoints. A flow is in use by the endpoints that run it (`flowId`) or
 * schedule it (`scheduledFlows`, schedule rules). Deleting it is a 409 while it is in use, unless the
 * caller detaches it: then those endpoints let go of it (see `withoutScheduledFlows`), in the deleting
 * transaction.
 */
@Injectable()
export class EndpointsOnFlowsDeleting implements OnModuleInit {
  constructor(private readonly flows: FlowsService) {}

  onModuleInit(): void {
    this.flows.deletionHooks.register('check', (m, flowIds, options) => this.react(m, flowIds, options));
  }

  private async react(m: EntityManager, flowIds: string[], { force }: DeletionOptions): Promise<void> {
    const deleted = new Set(flowIds);
    const running = await m.count(EndpointEntity, { where: { flowId: In(flowIds) } });
    const scheduling = (await endpointsMentioningFlows(m, flowIds)).filter((e) =>
      schedulesAnyFlow(e.settings, deleted),
    );
    const using = running + scheduling.filter((e) => e.flowId === null || !deleted.has(e.flowId)).length;
    if (using === 0) return;
    if (!force)
      throw new ConflictError(
        'FlowInUse',
        `${using} endpoint(s) run or schedule this flow; point them elsewhere or pass detach=true`,
      );
    if (running > 0) await m.update(EndpointEntity, { flowId: In(flowIds) }, { flowId: null });
    for (const endpoint of scheduling)
      await m.update(
        EndpointEntity,
        { id: endpoint.id },
        { settings: withoutScheduledFlows(endpoint.settings ?? {}, deleted) },
      );
  }
}

/**
 * The endpoints of the flows' accounts whose settings mention one of the flow ids (a candidate list:
 * the JSON is checked precisely by the caller).
 */
function endpointsMentioningFlows(
  m: EntityManager,
  flowIds: string[],
): Promise<Pick<EndpointEntity, 'id' | 'flowId' | 'settings'>[]> {
  const query = m
    .createQueryBuilder(EndpointEntity, 'e')
    .select(['e.id', 'e.flowId', 'e.settings'])
    .where('e.accountId IN (SELECT f."accountId" FROM flows f WHERE f.id IN (:...flowIds))', { flowIds });
  query.andWhere(
    new Brackets((any) => {
      flowIds.forEach((flowId, i) =>
        any.orWhere(`e.settings LIKE :mention${i} ESCAPE '\\'`, {
          [`mention${i}`]: `%${escapeLike(flowId)}%`,
        }),
      );
    }),
  );
  return query.getMany();
}
