import { SandboxTelephonyProvider } from '../../src/telephony/sandbox/sandbox.provider';
import type { OwnedNumber, PurchaseNumberRequest } from '../../src/telephony/telephony.provider';

/** The real sandbox adapter, counting the purchases it is asked for. */
export class CountingSandboxProvider extends SandboxTelephonyProvider {
  readonly purchases: PurchaseNumberRequest[] = [];

  override async purchaseNumber(request: PurchaseNumberRequest): Promise<OwnedNumber> {
    this.purchases.push(request);
    return super.purchaseNumber(request);
  }

  purchasesOf(phoneNumber: string): number {
    return this.purchases.filter((p) => p.phoneNumber === phoneNumber).length;
  }
}
