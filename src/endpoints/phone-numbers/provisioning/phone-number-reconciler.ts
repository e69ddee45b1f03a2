import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull } from 'typeorm';
import { AccountEntity } from '../../../accounts/entities/account.entity';
import { nowIso } from '../../../common/clock';
import { ConflictError } from '../../../common/errors/domain-errors';
import { NumberNotAtProviderError } from '../../../telephony/telephony.errors';
import { appConfig } from '../../../config/app.config';
import { provisioningConfig } from '../../../config/provisioning.config';
import { TransactionRunner } from '../../../database/transaction-runner';
import { IdempotencyService } from '../../../idempotency/idempotency.service';
import { Metrics } from '../../../metrics/metrics';
import type { OwnedNumber, TelephonyProvider } from '../../../telephony/telephony.provider';
import { TelephonyProviderResolver } from '../../../telephony/telephony-provider.resolver';
import { UserEntity } from '../../../users/entities/user.entity';
import { EndpointRepository } from '../../endpoint.repository';
import type { EndpointEntity } from '../../entities/endpoint.entity';
import { SyncedNumber, SyncPhoneNumbersResponse } from './dto/sync-phone-numbers.dto';
import { ProvisioningEventEntity } from './entities/provisioning-event.entity';
import { ProvisioningOrphanEntity } from './entities/provisioning-orphan.entity';
import { LeaseService } from './lease.service';
import { type AuditActor, errorText, provisioningEvent, systemActor } from './provisioning-events';
import { ProvisioningStore } from './provisioning-store';
import { webhookUrls } from '../../../telephony/webhook-urls';

export const RECONCILER_LEASE = 'phone-number-reconciler';
const LEASE_TTL_MS = 10 * 60 * 1000;
export const RECONCILER_ACTOR = systemActor('system:reconciler');

const synced = (
  phoneNumber: string,
  endpointId: string | null,
  phoneNumberSid: string | null,
  detail: string | null = null,
): SyncedNumber => ({ phoneNumber, endpointId, phoneNumberSid, detail });

/**
 * Settles what provisioning left open and reports drift from the provider:
 * - claims still `provisioning` after PROVISIONING_GRACE_SECONDS (a crash, or a purchase that timed out):
 *   the provider is asked whether it owns the number; owned -> adopted (activated with its SID), not
 *   owned -> the claim is removed;
 * - orphans (bought, not recorded, release failed): the release is retried;
 * - drift: numbers the provider holds that no endpoint knows, active endpoints the provider does not
 *   hold, and webhook URLs that differ from what PUBLIC_BASE_URL implies (reported, not changed).
 * Runs at start-up, every RECONCILER_INTERVAL_SECONDS, and on demand (POST /phone-numbers/sync). One
 * instance at a time, through a lease in the database; each claim is also settled under its row lock.
 */
@Injectable()
export class PhoneNumberReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PhoneNumberReconciler.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly store: ProvisioningStore,
    private readonly endpoints: EndpointRepository,
    private readonly providers: TelephonyProviderResolver,
    private readonly idempotency: IdempotencyService,
    private readonly leases: LeaseService,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    @Inject(provisioningConfig.KEY) private readonly config: ConfigType<typeof provisioningConfig>,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.reconcilerRunAtStartup) void this.runInBackground();
    if (this.config.reconcilerIntervalSeconds > 0) {
      this.timer = setInterval(
        () => void this.runInBackground(),
        this.config.reconcilerIntervalSeconds * 1000,
      );
      this.timer.unref();
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One run over every account; skipped when another instance holds the lease. */
  async runInBackground(): Promise<void> {
    try {
      const reports = await this.reconcileAll(RECONCILER_ACTOR);
      if (!reports) return;
      const drift = reports.filter((r) => Object.values(r.counts).some((n) => n > 0));
      for (const report of drift)
        this.logger.warn(`Reconciled account ${report.accountId}: ${JSON.stringify(report.counts)}`);
    } catch (error) {
      this.logger.error(`Reconciliation failed: ${errorText(error)}`);
    }
  }

  /** Every account, under the lease; null when another run (on any instance) holds it. */
  async reconcileAll(actor: AuditActor): Promise<SyncPhoneNumbersResponse[] | null> {
    return this.withLease(async () => {
      await this.idempotency.purgeExpired();
      const accounts = await this.dataSource.getRepository(AccountEntity).find();
      const results: SyncPhoneNumbersResponse[] = [];
      for (const account of accounts) results.push(await this.reconcileAccount(account, actor));
      return results;
    });
  }

  /** On demand, for one account: 409 while another run holds the lease. */
  async reconcile(account: AccountEntity, actor: AuditActor): Promise<SyncPhoneNumbersResponse> {
    const report = await this.withLease(() => this.reconcileAccount(account, actor));
    if (!report)
      throw new ConflictError(
        'ReconciliationInProgress',
        'A reconciliation is already running (on this or another instance); retry shortly.',
      );
    return report;
  }

  private async withLease<T>(work: () => Promise<T>): Promise<T | null> {
    const token = await this.leases.tryAcquire(RECONCILER_LEASE, LEASE_TTL_MS);
    if (!token) return null;
    try {
      return await work();
    } finally {
      await this.leases.release(RECONCILER_LEASE, token);
    }
  }

  private async reconcileAccount(
    account: AccountEntity,
    actor: AuditActor,
  ): Promise<SyncPhoneNumbersResponse> {
    const provider = this.providers.forAccount(account);
    const report: SyncPhoneNumbersResponse = {
      accountId: account.id,
      counts: {
        adopted: 0,
        released: 0,
        unsettled: 0,
        orphansReleased: 0,
        orphansPending: 0,
        boughtOutsideService: 0,
        missingAtProvider: 0,
        webhookMismatches: 0,
      },
      adopted: [],
      released: [],
      unsettled: [],
      orphansReleased: [],
      orphansPending: [],
      boughtOutsideService: [],
      missingAtProvider: [],
      webhookMismatches: [],
    };
    await this.settleStuckClaims(account, provider, actor, report);
    await this.retryOrphans(account, provider, actor, report);
    await this.reportDrift(account, provider, report);
    for (const key of Object.keys(report.counts) as (keyof typeof report.counts)[])
      report.counts[key] = report[key].length;
    this.metrics.countReconciliation(report.counts);
    return report;
  }

  private async settleStuckClaims(
    account: AccountEntity,
    provider: TelephonyProvider,
    actor: AuditActor,
    report: SyncPhoneNumbersResponse,
  ): Promise<void> {
    const cutoff = new Date(Date.now() - this.config.graceSeconds * 1000).toISOString();
    const stuck = await this.endpoints.stuckClaims(account.id, cutoff);
    for (const claim of stuck) {
      const phoneNumber = claim.phoneNumber!;
      let owned: OwnedNumber | null;
      try {
        owned = await provider.findOwnedNumber(phoneNumber);
      } catch (error) {
        report.unsettled.push(synced(phoneNumber, claim.id, null, errorText(error)));
        continue;
      }
      if (owned) {
        if (await this.store.activate(claim, owned.sid, actor, ['adopted'], 'the provider owns the number')) {
          report.adopted.push(synced(phoneNumber, claim.id, owned.sid));
          await this.freeIdempotencyKey(claim);
        }
      } else if (
        await this.store.removeClaim(claim, 'released', actor, {
          detail: 'the provider does not own the number',
        })
      ) {
        report.released.push(synced(phoneNumber, claim.id, null));
        await this.freeIdempotencyKey(claim);
      }
    }
  }

  /**
   * The Idempotency-Key of the request that made a settled claim (named by its `claimed` record) is
   * freed: that request died, so it would otherwise hold the key until its lock runs out.
   */
  private async freeIdempotencyKey(claim: EndpointEntity): Promise<void> {
    const claimed = await this.dataSource
      .getRepository(ProvisioningEventEntity)
      .findOneBy({ endpointId: claim.id, step: 'claimed' });
    if (!claimed?.idempotencyKey) return;
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ emailAddress: claimed.actor });
    if (user) await this.idempotency.freeInFlight(`user:${user.id}`, claimed.idempotencyKey);
  }

  private async retryOrphans(
    account: AccountEntity,
    provider: TelephonyProvider,
    actor: AuditActor,
    report: SyncPhoneNumbersResponse,
  ): Promise<void> {
    const orphans = await this.dataSource
      .getRepository(ProvisioningOrphanEntity)
      .find({ where: { accountId: account.id, releasedAt: IsNull() }, order: { dateCreated: 'ASC' } });
    for (const orphan of orphans) {
      const subject = { accountId: orphan.accountId, phoneNumber: orphan.phoneNumber, endpointId: null };
      try {
        await provider.releaseNumber(orphan.phoneNumberSid);
      } catch (error) {
        // An orphan was bought through the account's current provider account (its credentials cannot
        // change while it waits), so that account no longer holding it means it is gone.
        if (!(error instanceof NumberNotAtProviderError)) {
          await this.tx.run((m) =>
            m.update(
              ProvisioningOrphanEntity,
              { id: orphan.id },
              { releaseAttempts: orphan.releaseAttempts + 1, lastError: errorText(error).slice(0, 2000) },
            ),
          );
          report.orphansPending.push(
            synced(orphan.phoneNumber, null, orphan.phoneNumberSid, errorText(error)),
          );
          continue;
        }
      }
      await this.tx.run(async (m) => {
        await m.update(
          ProvisioningOrphanEntity,
          { id: orphan.id },
          { releaseAttempts: orphan.releaseAttempts + 1, releasedAt: nowIso() },
        );
        await m.insert(
          ProvisioningEventEntity,
          provisioningEvent('released', subject, actor, {
            phoneNumberSid: orphan.phoneNumberSid,
            detail: 'orphan released at the provider',
          }),
        );
      });
      report.orphansReleased.push(synced(orphan.phoneNumber, null, orphan.phoneNumberSid));
    }
  }

  private async reportDrift(
    account: AccountEntity,
    provider: TelephonyProvider,
    report: SyncPhoneNumbersResponse,
  ): Promise<void> {
    const inventory = await provider.listOwnedNumbers();
    const atProvider = new Map(inventory.map((n) => [n.phoneNumber, n]));
    // Numbers the service knows anywhere (the provider may serve several accounts), plus orphans
    // still awaiting their release.
    const known = new Set<string>();
    if (inventory.length > 0) {
      const numbers = inventory.map((n) => n.phoneNumber);
      for (const phoneNumber of await this.endpoints.knownNumbers(numbers)) known.add(phoneNumber);
      const orphaned = await this.dataSource
        .getRepository(ProvisioningOrphanEntity)
        .find({ select: { phoneNumber: true }, where: { phoneNumber: In(numbers), releasedAt: IsNull() } });
      for (const row of orphaned) known.add(row.phoneNumber);
    }
    for (const owned of inventory)
      if (!known.has(owned.phoneNumber))
        report.boughtOutsideService.push(synced(owned.phoneNumber, null, owned.sid));

    const expected = webhookUrls(this.app.publicBaseUrl);
    const active = await this.endpoints.activeBoughtNumbers(account.id);
    for (const endpoint of active) {
      const owned = atProvider.get(endpoint.phoneNumber!);
      if (!owned) {
        report.missingAtProvider.push(synced(endpoint.phoneNumber!, endpoint.id, endpoint.phoneNumberSid));
      } else if (owned.voiceUrl !== expected.voiceUrl || owned.smsUrl !== expected.smsUrl) {
        report.webhookMismatches.push({
          phoneNumber: owned.phoneNumber,
          endpointId: endpoint.id,
          phoneNumberSid: owned.sid,
          voiceUrl: owned.voiceUrl,
          expectedVoiceUrl: expected.voiceUrl,
          smsUrl: owned.smsUrl,
          expectedSmsUrl: expected.smsUrl,
        });
      }
    }
  }
}
