import { SandboxTelephonyProvider } from '../../src/telephony/sandbox/sandbox.provider';
import type { OwnedNumber, PurchaseNumberRequest } from '../../src/telephony/telephony.provider';

interface Gate {
  arrived: Promise<void>;
  arrive: () => void;
  opened: Promise<void>;
  open: () => void;
}

/** The real sandbox adapter; each number's purchase waits until the test opens its gate. */
export class GatedSandboxProvider extends SandboxTelephonyProvider {
  private readonly gates = new Map<string, Gate>();

  override async purchaseNumber(request: PurchaseNumberRequest): Promise<OwnedNumber> {
    const gate = this.gate(request.phoneNumber);
    gate.arrive();
    await gate.opened;
    return super.purchaseNumber(request);
  }

  /** Resolves once the purchase of this number is waiting at its gate. */
  purchaseStarted(phoneNumber: string): Promise<void> {
    return this.gate(phoneNumber).arrived;
  }

  release(phoneNumber: string): void {
    this.gate(phoneNumber).open();
  }

  releaseAll(): void {
    for (const gate of this.gates.values()) gate.open();
  }

  private gate(phoneNumber: string): Gate {
    let gate = this.gates.get(phoneNumber);
    if (!gate) {
      const g: Partial<Gate> = {};
      g.arrived = new Promise((resolve) => (g.arrive = resolve));
      g.opened = new Promise((resolve) => (g.open = resolve));
      gate = g as Gate;
      this.gates.set(phoneNumber, gate);
    }
    return gate;
  }
}
