import { SandboxTelephonyProvider } from '../../src/telephony/sandbox/sandbox.provider';
import type { OwnedNumber, PurchaseNumberRequest } from '../../src/telephony/telephony.provider';

/** The real sandbox adapter, whose purchases wait until the test opens the gate. */
export class GatedSandboxProvider extends SandboxTelephonyProvider {
  private open!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));
  private readonly waiting = new Set<string>();
  private readonly watchers = new Map<string, () => void>();

  override async purchaseNumber(request: PurchaseNumberRequest): Promise<OwnedNumber> {
    this.waiting.add(request.phoneNumber);
    this.watchers.get(request.phoneNumber)?.();
    await this.gate;
    return super.purchaseNumber(request);
  }

  /** Resolves once the purchase of this number is waiting at the gate. */
  purchaseStarted(phoneNumber: string): Promise<void> {
    if (this.waiting.has(phoneNumber)) return Promise.resolve();
    return new Promise((resolve) => this.watchers.set(phoneNumber, resolve));
  }

  release(): void {
    this.open();
  }
}
