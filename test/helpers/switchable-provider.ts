import { ProviderUnavailableError } from '../../src/telephony/telephony.errors';
import type { OwnedNumber, UpdateNumberRequest } from '../../src/telephony/telephony.provider';
import { CountingSandboxProvider } from './counting-provider';

/** The real sandbox adapter, whose updates and releases can be told to fail like an outage would. */
export class SwitchableSandboxProvider extends CountingSandboxProvider {
  failUpdates = false;
  failReleases = false;
  readonly updates: { sid: string; changes: UpdateNumberRequest }[] = [];
  readonly releases: string[] = [];

  override async updateNumber(sid: string, changes: UpdateNumberRequest): Promise<OwnedNumber> {
    if (this.failUpdates) throw new ProviderUnavailableError('sandbox told to fail updates');
    this.updates.push({ sid, changes });
    return super.updateNumber(sid, changes);
  }

  override async releaseNumber(sid: string): Promise<void> {
    if (this.failReleases) throw new ProviderUnavailableError('sandbox told to fail releases');
    this.releases.push(sid);
    return super.releaseNumber(sid);
  }
}
