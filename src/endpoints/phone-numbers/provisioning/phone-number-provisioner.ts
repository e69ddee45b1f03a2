import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { AppError } from '../../../common/errors/domain-errors';
import { ProviderUnavailableError } from '../../../telephony/telephony.errors';
import { ProvisioningFailedError, ProvisioningOutcomeUnknownError } from '../phone-number.errors';
import { appConfig } from '../../../config/app.config';
import { provisioningConfig } from '../../../config/provisioning.config';
import { AccountEntity } from '../../../accounts/entities/account.entity';
import type { OwnedNumber, TelephonyProvider } from '../../../telephony/telephony.provider';
import { TelephonyProviderResolver } from '../../../telephony/telephony-provider.resolver';
import { EndpointTypes } from '../../../contract/endpoint.enums';
import { EndpointEntity } from '../../entities/endpoint.entity';
import type { RequestTrace } from '../../../common/request-context/request-trace';
import {
  type AuditActor,
  errorText,
  provisioningEvent,
  requestActor,
  requestNote,
} from './provisioning-events';
import { ProvisioningStore } from './provisioning-store';
import { webhookUrls } from '../../../telephony/webhook-urls';
import { forRequest } from '../../../logging/request-id';

class TimedOut extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The provider certainly bought nothing: it refused the request, or never processed it. */
const isDefiniteRefusal = (error: unknown): boolean =>
  (error instanceof AppError && error.status < HttpStatus.INTERNAL_SERVER_ERROR) ||
  (error instanceof ProviderUnavailableError && error.notProcessed);

/**
 * Buying a number so that money is never spent twice nor lost:
 * 1. claim: the endpoint is inserted in state `provisioning` (ProvisioningStore.claim: quota under a lock
 *    on the account, unique number), so racing buys lose with a 409 before the provider is called;
 * 2. purchase at the provider, outside any transaction, bounded by PROVIDER_PURCHASE_TIMEOUT_MS;
 * 3. activate: record the provider's SID.
 * Failures:
 * - the provider refuses: the claim is removed;
 * - the provider fails in a way that may hide a purchase (5xx, network): it is asked whether it owns the
 *   number; if it does, the buy goes on, otherwise the claim is removed;
 * - no answer in time: the outcome is unknown, so the claim stays `provisioning` for the reconciler,
 *   which asks the provider later and adopts or releases it (never a guess);
 * - activation fails after a purchase: the number is released at the provider (compensation); if that
 *   fails too it is recorded as an orphan for the reconciler to release. Should even that write fail,
 *   the claim itself is still `provisioning`, and the reconciler adopts the number: it is never lost.
 */
@Injectable()
export class PhoneNumberProvisioner {
  private readonly logger = new Logger(PhoneNumberProvisioner.name);

  constructor(
    private readonly store: ProvisioningStore,
    private readonly providers: TelephonyProviderResolver,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    @Inject(provisioningConfig.KEY) private readonly config: ConfigType<typeof provisioningConfig>,
  ) {}

  async provision(
    account: AccountEntity,
    endpoint: EndpointEntity,
    tagIds: string[],
    trace: RequestTrace,
  ): Promise<EndpointEntity> {
    const actor = requestActor(endpoint.createdBy ?? 'system', trace);
    await this.store.claim(account, endpoint, tagIds, actor);
    if (endpoint.isVirtualPhoneNumber) return endpoint;

    const provider = this.providers.forAccount(account);
    const owned = await this.purchase(provider, endpoint, actor);
    let activated: boolean;
    try {
      activated = await this.store.activate(
        endpoint,
        owned.number.sid,
        actor,
        ['purchased', 'activated'],
        owned.detail,
      );
    } catch (error) {
      await this.compensate(provider, endpoint, owned.number.sid, actor, error);
      throw new ProvisioningFailedError(endpoint.phoneNumber!);
    }
    if (!activated) return this.afterClaimSettledElsewhere(provider, endpoint, owned.number.sid, actor);
    return Object.assign(endpoint, { status: 'active', phoneNumberSid: owned.number.sid });
  }

  /**
   * The reconciler settled the claim while the purchase was still running (only possible when
   * PROVISIONING_GRACE_SECONDS is shorter than the purchase can take). If it adopted this very number,
   * the buy succeeded; otherwise the number just bought belongs to nobody and is released.
   */
  private async afterClaimSettledElsewhere(
    provider: TelephonyProvider,
    endpoint: EndpointEntity,
    sid: string,
    actor: AuditActor,
  ): Promise<EndpointEntity> {
    const current = await this.store.findClaim(endpoint.id);
    if (current?.status === 'active' && current.phoneNumberSid === sid)
      return Object.assign(endpoint, { status: 'active', phoneNumberSid: sid });
    await this.compensate(
      provider,
      endpoint,
      sid,
      actor,
      new Error('the claim was settled before activation'),
    );
    throw new ProvisioningFailedError(endpoint.phoneNumber!);
  }

  private async purchase(
    provider: TelephonyProvider,
    endpoint: EndpointEntity,
    actor: AuditActor,
  ): Promise<{ number: OwnedNumber; detail?: string }> {
    const phoneNumber = endpoint.phoneNumber!;
    const purchase = provider.purchaseNumber({
      phoneNumber,
      friendlyName: endpoint.displayName,
      addressSid: endpoint.addressSid,
      isFaxNumber: endpoint.type === EndpointTypes.FaxNumber,
      ...webhookUrls(this.app.publicBaseUrl),
    });
    try {
      return { number: await withTimeout(purchase, this.config.purchaseTimeoutMs) };
    } catch (error) {
      if (error instanceof TimedOut) {
        purchase.catch(() => undefined); // it may still settle; the reconciler asks the provider then
        throw await this.outcomeUnknown(endpoint, actor, error.message);
      }
      if (isDefiniteRefusal(error)) {
        await this.removeClaimAfterFailedPurchase(endpoint, actor, error);
        throw error;
      }
      // The request may have reached the provider before failing: ask it rather than guess.
      let found: OwnedNumber | null;
      try {
        found = await withTimeout(provider.findOwnedNumber(phoneNumber), this.config.purchaseTimeoutMs);
      } catch (lookupError) {
        throw await this.outcomeUnknown(
          endpoint,
          actor,
          `${errorText(error)}; lookup: ${errorText(lookupError)}`,
        );
      }
      if (!found) {
        await this.removeClaimAfterFailedPurchase(endpoint, actor, error);
        throw error;
      }
      return { number: found, detail: `confirmed by the provider after: ${errorText(error)}` };
    }
  }

  private async removeClaimAfterFailedPurchase(
    endpoint: EndpointEntity,
    actor: AuditActor,
    error: unknown,
  ): Promise<void> {
    try {
      await this.store.removeClaim(endpoint, 'purchaseFailed', actor, { detail: errorText(error) });
    } catch (removeError) {
      // The claim stays `provisioning`; the reconciler finds nothing bought and removes it.
      this.logger.error(
        `Could not remove the claim of ${endpoint.phoneNumber}: ${errorText(removeError)}${requestNote(actor)}`,
        forRequest(actor.requestId),
      );
    }
  }

  private async outcomeUnknown(
    endpoint: EndpointEntity,
    actor: AuditActor,
    detail: string,
  ): Promise<AppError> {
    this.logger.warn(
      `Purchase of ${endpoint.phoneNumber} unconfirmed (${detail}); left for the reconciler${requestNote(actor)}`,
      forRequest(actor.requestId),
    );
    try {
      await this.store.recordEvent(
        provisioningEvent(
          'outcomeUnknown',
          { accountId: endpoint.accountId, phoneNumber: endpoint.phoneNumber!, endpointId: endpoint.id },
          actor,
          { detail },
        ),
      );
    } catch (error) {
      this.logger.error(
        `Could not record the unknown outcome of ${endpoint.phoneNumber}: ${errorText(error)}${requestNote(actor)}`,
        forRequest(actor.requestId),
      );
    }
    return new ProvisioningOutcomeUnknownError(endpoint.phoneNumber!, detail);
  }

  /** Undoes a purchase whose activation failed: release it, or failing that, record it as an orphan. */
  private async compensate(
    provider: TelephonyProvider,
    endpoint: EndpointEntity,
    sid: string,
    actor: AuditActor,
    activationError: unknown,
  ): Promise<void> {
    const number = endpoint.phoneNumber!;
    this.logger.error(
      `Activating ${number} failed after its purchase: ${errorText(activationError)}${requestNote(actor)}`,
      forRequest(actor.requestId),
    );
    try {
      await provider.releaseNumber(sid);
    } catch (releaseError) {
      try {
        await this.store.recordOrphan(endpoint, sid, actor, errorText(releaseError));
      } catch (orphanError) {
        this.logger.error(
          `Could not record ${number} as an orphan (${errorText(orphanError)}); its claim stays for the reconciler` +
            requestNote(actor),
          forRequest(actor.requestId),
        );
      }
      return;
    }
    try {
      await this.store.removeClaim(endpoint, 'compensated', actor, {
        phoneNumberSid: sid,
        detail: `released after: ${errorText(activationError)}`,
      });
    } catch (removeError) {
      this.logger.error(
        `Could not remove the claim of released ${number}: ${errorText(removeError)}${requestNote(actor)}`,
        forRequest(actor.requestId),
      );
    }
  }
}
