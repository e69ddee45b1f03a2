import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { AccountsService } from '../../accounts/accounts.service';
import { Principal } from '../../common/auth/principal';
import { InvalidFieldError, NotFoundError } from '../../common/errors/domain-errors';
import { appConfig } from '../../config/app.config';
import { TelephonyProviderResolver } from '../../telephony/telephony-provider.resolver';
import { callerIdCallbackUrl } from '../../telephony/webhook-urls';
import { EndpointInfo } from '../dto/endpoint-info.dto';
import { EndpointTypes } from '../../contract/endpoint.enums';
import {
  PhoneNumberInfo,
  SearchPhoneNumbers,
  SetPhoneNumberIsFax,
  VerifyCallerId,
} from './dto/phone-numbers.dto';
import type { EndpointEntity } from '../entities/endpoint.entity';
import type { EndpointSettings } from '../endpoint-settings';
import { EndpointInfoReader } from '../endpoint-info.reader';
import { EndpointRepository } from '../endpoint.repository';
import type { RequestTrace } from '../../common/request-context/request-trace';
import { SyncPhoneNumbers, SyncPhoneNumbersResponse } from './provisioning/dto/sync-phone-numbers.dto';
import { PhoneNumberReconciler } from './provisioning/phone-number-reconciler';
import { requestActor } from './provisioning/provisioning-events';

/** Operations on phone numbers around buying: search, caller-ID verification, fax switching, sync. */
@Injectable()
export class PhoneNumbersService {
  constructor(
    private readonly endpoints: EndpointRepository,
    private readonly accounts: AccountsService,
    private readonly infos: EndpointInfoReader,
    private readonly providers: TelephonyProviderResolver,
    private readonly reconciler: PhoneNumberReconciler,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  /**
   * SearchPhoneNumbers: numbers the account's provider offers, less those an endpoint already has (a
   * virtual number, say, which the provider does not know of): buying one would only be a 409. A filter the
   * provider cannot honour is a 400.
   */
  async search(actor: Principal, query: SearchPhoneNumbers): Promise<PhoneNumberInfo[]> {
    const account = await this.accounts.resolveForCaller(actor, query.accountId);
    const offered = await this.providers.forAccount(account).searchAvailableNumbers({
      countryCode: query.countryCode ?? 'US',
      type: query.type ?? 'local',
      areaCode: query.areaCode,
      contains: query.contains,
      region: query.region,
      postalCode: query.postalCode,
      isFaxNumber: query.isFaxNumber,
    });
    const held = new Set(await this.endpoints.knownNumbers(offered.map((n) => n.phoneNumber)));
    return offered.filter((n) => !held.has(n.phoneNumber));
  }

  /**
   * VerifyCallerId: asks the provider to call the (virtual) number and stores the code the callee
   * must enter; the provider's status callback later marks the endpoint verified.
   */
  async verifyCallerId(actor: Principal, dto: VerifyCallerId): Promise<EndpointInfo> {
    const endpoint = await this.findVisible(actor, dto.endpointId, 'endpointId');
    if (!endpoint.isVirtualPhoneNumber || !endpoint.phoneNumber)
      throw new InvalidFieldError(
        'endpointId',
        'NotVirtualPhoneNumber',
        'Only a virtual phone number is verified as a caller ID; a bought number already is one',
      );
    const account = await this.accounts.findVisible(actor, endpoint.accountId);
    const validation = await this.providers.forAccount(account).startCallerIdValidation({
      phoneNumber: endpoint.phoneNumber,
      friendlyName: endpoint.displayName,
      statusCallbackUrl: callerIdCallbackUrl(this.app.publicBaseUrl, endpoint.id),
    });
    return this.changeSettings(actor, endpoint.id, {
      callerIdVerificationCode: validation.validationCode,
      isCallerIdVerified: false,
    });
  }

  /** The provider's verdict on a caller-ID validation (from its signed status callback: OnCallerIdVerified). */
  async recordCallerIdVerification(endpointId: string, verified: boolean): Promise<void> {
    await this.changeSettings(null, endpointId, { isCallerIdVerified: verified });
  }

  /** SetPhoneNumberIsFax: switches a number between PhoneNumber and FaxNumber. */
  async setIsFax(actor: Principal, endpointId: string, dto: SetPhoneNumberIsFax): Promise<EndpointInfo> {
    const endpoint = await this.findVisible(actor, endpointId);
    if (endpoint.type !== EndpointTypes.PhoneNumber && endpoint.type !== EndpointTypes.FaxNumber)
      throw new InvalidFieldError(
        'endpointId',
        'NotPhoneNumber',
        `Endpoint ${endpointId} is a ${endpoint.type}, not a number`,
      );
    const type = dto.isFax ? EndpointTypes.FaxNumber : EndpointTypes.PhoneNumber;
    // Deleted since it was read: the update changes nothing.
    if (!(await this.endpoints.setType(endpoint.id, type, actor)))
      throw new NotFoundError(`Endpoint ${endpointId} not found`);
    return this.info(endpoint.id);
  }

  /** SyncPhoneNumbers: one account reconciled with its provider, on behalf of the request. */
  async sync(
    actor: Principal,
    dto: SyncPhoneNumbers,
    trace: RequestTrace,
  ): Promise<SyncPhoneNumbersResponse> {
    return this.reconciler.reconcile(
      await this.accounts.resolveForCaller(actor, dto.accountId),
      requestActor(actor.emailAddress, trace),
    );
  }

  /** The endpoint if the caller's tenant holds it (checked in SQL); otherwise a 404, or a 400 on `fieldName`. */
  private async findVisible(actor: Principal, id: string, fieldName?: string): Promise<EndpointEntity> {
    const endpoint = await this.endpoints.findVisible(actor, id);
    if (endpoint) return endpoint;
    if (fieldName) throw new InvalidFieldError(fieldName, 'NotFound', `${fieldName}: no such endpoint`);
    throw new NotFoundError(`Endpoint ${id} not found`);
  }

  private async changeSettings(
    actor: Principal | null,
    endpointId: string,
    changes: EndpointSettings,
  ): Promise<EndpointInfo> {
    if (!(await this.endpoints.mergeSettings(endpointId, changes, actor)))
      throw new NotFoundError(`Endpoint ${endpointId} not found`);
    return this.info(endpointId);
  }

  private async info(endpointId: string): Promise<EndpointInfo> {
    const [info] = await this.infos.byIds([endpointId]);
    if (!info) throw new NotFoundError(`Endpoint ${endpointId} not found`);
    return info;
  }
}
