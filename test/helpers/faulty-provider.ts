import { ProviderUnavailableError } from '../../src/telephony/telephony.errors';
import { MemorySandboxInventory } from '../../src/telephony/sandbox/sandbox-inventory';
import { SandboxTelephonyProvider } from '../../src/telephony/sandbox/sandbox.provider';
import type { OwnedNumber, PurchaseNumberRequest } from '../../src/telephony/telephony.provider';

type PurchaseFault = 'fail' | 'hang' | 'succeedThenFail';

/**
 * The real sandbox adapter, told by the test to fail, hang (until the test lets it finish) or buy and
 * then report a failure (a connection lost after the provider sold the number). Counts what it is asked.
 */
export class FaultyTelephonyProvider extends SandboxTelephonyProvider {
  readonly purchases: PurchaseNumberRequest[] = [];
  readonly releases: string[] = [];
  private readonly purchaseFaults: PurchaseFault[] = [];
  private releaseFailures = 0;
  private readonly hanging: ((outcome: 'buy' | 'fail') => void)[] = [];
  private hangStarted: (() => void) | null = null;

  constructor(private readonly memory = new MemorySandboxInventory()) {
    super(memory);
  }

  failNextPurchase(): void {
    this.purchaseFaults.push('fail');
  }

  succeedThenFailNextPurchase(): void {
    this.purchaseFaults.push('succeedThenFail');
  }

  /** The next purchase waits until `finishHangingPurchase`; resolves once that purchase has started. */
  hangNextPurchase(): Promise<void> {
    this.purchaseFaults.push('hang');
    return new Promise((resolve) => (this.hangStarted = resolve));
  }

  /** Lets the oldest hanging purchase go on: buy the number, or fail. */
  finishHangingPurchase(outcome: 'buy' | 'fail'): void {
    const finish = this.hanging.shift();
    if (!finish) throw new Error('no purchase is hanging');
    finish(outcome);
  }

  failNextReleases(count: number): void {
    this.releaseFailures = count;
  }

  purchasesOf(phoneNumber: string): number {
    return this.purchases.filter((p) => p.phoneNumber === phoneNumber).length;
  }

  owns(phoneNumber: string): boolean {
    return this.memory.numbers.has(phoneNumber);
  }

  ownedNumber(phoneNumber: string): OwnedNumber | undefined {
    return this.memory.numbers.get(phoneNumber);
  }

  /** Buys straight at the provider, as somebody using the provider's console would. */
  buyOutsideService(phoneNumber: string): Promise<OwnedNumber> {
    return super.purchaseNumber({ phoneNumber, friendlyName: phoneNumber, isFaxNumber: false });
  }

  override async purchaseNumber(request: PurchaseNumberRequest): Promise<OwnedNumber> {
    this.purchases.push(request);
    const fault = this.purchaseFaults.shift();
    if (fault === 'fail') throw new ProviderUnavailableError('injected outage');
    if (fault === 'succeedThenFail') {
      await super.purchaseNumber(request);
      throw new ProviderUnavailableError('connection reset after the provider answered');
    }
    if (fault === 'hang') {
      const outcome = await new Promise<'buy' | 'fail'>((resolve) => {
        this.hanging.push(resolve);
        this.hangStarted?.();
        this.hangStarted = null;
      });
      if (outcome === 'fail') throw new ProviderUnavailableError('injected failure after hanging');
    }
    return super.purchaseNumber(request);
  }

  override async releaseNumber(sid: string): Promise<void> {
    if (this.releaseFailures > 0) {
      this.releaseFailures -= 1;
      throw new ProviderUnavailableError('injected release failure');
    }
    this.releases.push(sid);
    return super.releaseNumber(sid);
  }
}
