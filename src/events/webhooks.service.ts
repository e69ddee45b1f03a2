import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service';
import { tenantScope, type Principal } from '../common/auth/principal';
import { nowIso } from '../common/clock';
import { ListResponse, SortOrders } from '../common/dto/list.dto';
import { InvalidFieldError, NotFoundError } from '../common/errors/domain-errors';
import { paginate } from '../database/paging';
import { applyTenantScope } from '../database/tenant-scope';
import { TransactionRunner } from '../database/transaction-runner';
import {
  ListWebhookDeliveriesQuery,
  ListWebhooksQuery,
  NewWebhook,
  NewWebhookResponse,
  WEBHOOK_DELIVERY_SORT_FIELDS,
  WEBHOOK_SORT_FIELDS,
  WebhookDeliveryInfo,
  WebhookInfo,
} from './dto/webhook.dto';
import { WebhookDeliveryEntity } from './entities/webhook-delivery.entity';
import { WebhookEntity } from './entities/webhook.entity';
import { mapWebhook, mapWebhookDelivery } from './webhook.mapper';
import { WebhookSecrets } from './webhook-secrets';
import { newWebhookSecret } from './webhook-signature';
import { WebhookTargetGuard, WebhookTargetRefusedError } from './webhook-targets';

@Injectable()
export class WebhooksService {
  constructor(
    @InjectRepository(WebhookEntity) private readonly webhooks: Repository<WebhookEntity>,
    @InjectRepository(WebhookDeliveryEntity) private readonly deliveries: Repository<WebhookDeliveryEntity>,
    private readonly accounts: AccountsService,
    private readonly secrets: WebhookSecrets,
    private readonly targets: WebhookTargetGuard,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * Registers a webhook; its signing secret is returned this once and stored sealed. A URL whose host
   * is (or resolves to) a loopback, private, link-local, multicast or unspecified address is a 400,
   * unless WEBHOOK_ALLOWED_PRIVATE_HOSTS lists it; the dispatcher checks again at each delivery.
   */
  async create(actor: Principal, dto: NewWebhook): Promise<NewWebhookResponse> {
    const account = await this.accounts.resolveForCaller(actor, dto.accountId);
    await this.targets.vet(dto.url).catch((error: unknown) => {
      if (!(error instanceof WebhookTargetRefusedError)) throw error;
      throw new InvalidFieldError('url', 'TargetNotAllowed', `url: ${error.message}`);
    });
    const secret = newWebhookSecret();
    const now = nowIso();
    const entity = this.webhooks.create({
      id: randomUUID(),
      accountId: account.id,
      url: dto.url,
      eventTypes: [...new Set(dto.eventTypes ?? [])],
      description: dto.description ?? null,
      secretEncrypted: this.secrets.seal(secret),
      dateCreated: now,
      dateLastModified: now,
      createdBy: actor.emailAddress,
      lastModifiedBy: actor.emailAddress,
    });
    await this.tx.run((m) => m.insert(WebhookEntity, entity));
    return { ...mapWebhook(entity), secret };
  }

  async list(actor: Principal, request: ListWebhooksQuery): Promise<ListResponse<WebhookInfo>> {
    const query = this.webhooks.createQueryBuilder('w');
    applyTenantScope(query, tenantScope(actor), { accountColumn: 'w.accountId' });
    if (request.accountId) query.andWhere('w.accountId = :accountId', { accountId: request.accountId });
    const page = await paginate(query, request, {
      sortFields: WEBHOOK_SORT_FIELDS,
      nullableSortFields: [],
      defaultSortField: 'dateCreated',
      idColumn: 'w.id',
    });
    return { ...page, items: page.items.map(mapWebhook) };
  }

  /** A webhook's deliveries, newest first by default. */
  async deliveriesOf(
    actor: Principal,
    webhookId: string,
    request: ListWebhookDeliveriesQuery,
  ): Promise<ListResponse<WebhookDeliveryInfo>> {
    const webhook = await this.findVisible(actor, webhookId);
    const query = this.deliveries.createQueryBuilder('d').where('d.webhookId = :webhookId', {
      webhookId: webhook.id,
    });
    if (request.status) query.andWhere('d.status = :status', { status: request.status });
    const page = await paginate(query, request, {
      sortFields: WEBHOOK_DELIVERY_SORT_FIELDS,
      nullableSortFields: [],
      defaultSortField: 'createdAt',
      defaultSortOrder: SortOrders.Descend,
      idColumn: 'd.id',
    });
    return { ...page, items: page.items.map(mapWebhookDelivery) };
  }

  /** Removes the webhook and its queued deliveries: nothing more is sent to it. */
  async remove(actor: Principal, webhookId: string): Promise<void> {
    const webhook = await this.findVisible(actor, webhookId);
    await this.tx.run(async (m) => {
      await m.delete(WebhookDeliveryEntity, { webhookId: webhook.id });
      await m.delete(WebhookEntity, { id: webhook.id });
    });
  }

  /** A foreign webhook is indistinguishable from a missing one. */
  private async findVisible(actor: Principal, id: string): Promise<WebhookEntity> {
    const query = this.webhooks.createQueryBuilder('w').where('w.id = :id', { id });
    applyTenantScope(query, tenantScope(actor), { accountColumn: 'w.accountId' });
    const webhook = await query.getOne();
    if (!webhook) throw new NotFoundError(`Webhook ${id} not found`);
    return webhook;
  }
}
