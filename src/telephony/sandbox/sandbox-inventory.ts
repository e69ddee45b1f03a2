import { DataSource, In } from 'typeorm';
import { nowIso } from '../../common/clock';
import type { OwnedNumber } from '../telephony.provider';
import { SandboxNumberEntity } from './sandbox-number.entity';

/** Where the sandbox provider keeps the numbers it has sold. */
export interface SandboxInventory {
  find(phoneNumber: string): Promise<OwnedNumber | null>;
  findBySid(sid: string): Promise<OwnedNumber | null>;
  list(): Promise<OwnedNumber[]>;
  /** Which of these numbers it has sold (the service leaves out, in SearchPhoneNumbers, those its endpoints hold). */
  taken(phoneNumbers: string[]): Promise<Set<string>>;
  /** Records a sale, or the new state of a number sold before. */
  save(owned: OwnedNumber): Promise<void>;
  remove(sid: string): Promise<void>;
}

const toOwned = (row: SandboxNumberEntity): OwnedNumber => ({
  sid: row.sid,
  phoneNumber: row.phoneNumber,
  friendlyName: row.friendlyName,
  voiceUrl: row.voiceUrl,
  smsUrl: row.smsUrl,
  addressSid: row.addressSid,
  emergencyAddressSid: row.emergencyAddressSid,
});

/**
 * The inventory in the database (`sandbox_numbers`), the default: it survives restarts and is shared
 * by every instance, as a real provider's would be.
 */
export class DatabaseSandboxInventory implements SandboxInventory {
  constructor(private readonly dataSource: DataSource) {}

  private get rows() {
    return this.dataSource.getRepository(SandboxNumberEntity);
  }

  async find(phoneNumber: string): Promise<OwnedNumber | null> {
    const row = await this.rows.findOneBy({ phoneNumber });
    return row ? toOwned(row) : null;
  }

  async findBySid(sid: string): Promise<OwnedNumber | null> {
    const row = await this.rows.findOneBy({ sid });
    return row ? toOwned(row) : null;
  }

  async list(): Promise<OwnedNumber[]> {
    return (await this.rows.find({ order: { phoneNumber: 'ASC' } })).map(toOwned);
  }

  async taken(phoneNumbers: string[]): Promise<Set<string>> {
    if (phoneNumbers.length === 0) return new Set();
    const sold = await this.rows.find({
      select: { phoneNumber: true },
      where: { phoneNumber: In(phoneNumbers) },
    });
    return new Set(sold.map((row) => row.phoneNumber));
  }

  /**
   * Single statements, never a transaction of its own: a release runs inside DeleteEndpoint's
   * transaction, and on SQLite the TransactionRunner queues transactions one after another, so one
   * opened here would wait for the transaction waiting for it. A number is saved by one request at a
   * time (its claim is unique), so the update-else-insert needs no lock.
   */
  async save(owned: OwnedNumber): Promise<void> {
    const updated = await this.rows.update({ phoneNumber: owned.phoneNumber }, { ...owned });
    if (!updated.affected) await this.rows.insert({ ...owned, dateCreated: nowIso() });
  }

  async remove(sid: string): Promise<void> {
    await this.rows.delete({ sid });
  }
}

/** The inventory in memory, per process: for tests that build a sandbox provider of their own. */
export class MemorySandboxInventory implements SandboxInventory {
  readonly numbers = new Map<string, OwnedNumber>();

  async find(phoneNumber: string): Promise<OwnedNumber | null> {
    const owned = this.numbers.get(phoneNumber);
    return owned ? { ...owned } : null;
  }

  async findBySid(sid: string): Promise<OwnedNumber | null> {
    const owned = [...this.numbers.values()].find((o) => o.sid === sid);
    return owned ? { ...owned } : null;
  }

  async list(): Promise<OwnedNumber[]> {
    return [...this.numbers.values()].map((o) => ({ ...o }));
  }

  async taken(phoneNumbers: string[]): Promise<Set<string>> {
    return new Set(phoneNumbers.filter((n) => this.numbers.has(n)));
  }

  async save(owned: OwnedNumber): Promise<void> {
    this.numbers.set(owned.phoneNumber, { ...owned });
  }

  async remove(sid: string): Promise<void> {
    for (const [number, owned] of this.numbers) if (owned.sid === sid) this.numbers.delete(number);
  }
}
