import { HttpStatus } from '@nestjs/common';
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { AppError } from '../common/errors/domain-errors';

/** Too many passwords are being hashed already: the caller should retry in a moment. */
export class PasswordHashingBusyError extends AppError {
  readonly status = HttpStatus.SERVICE_UNAVAILABLE;
  readonly errorCode = 'ServiceUnavailable';
  override readonly headers = { 'Retry-After': '1' };
  constructor() {
    super('Too many sign-ins are being checked right now; retry in a moment');
  }
}

/**
 * Runs at most `maxRunning` tasks at a time, with at most `maxWaiting` more waiting their turn (in
 * order); a task beyond those is refused at once with `PasswordHashingBusyError` rather than queued for
 * ever.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maxRunning: number,
    private readonly maxWaiting: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxRunning) {
      if (this.waiting.length >= this.maxWaiting) throw new PasswordHashingBusyError();
      // The slot is handed over by the task that ends (`running` stays counted).
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

const scryptAsync = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: object,
) => Promise<Buffer>;

/**
 * scrypt runs on libuv's thread pool (4 threads), which file access, DNS lookups and the rest of the
 * crypto also wait for: a flood of sign-ins hashing 4 at a time held all of it up (a correct sign-in took
 * 10-12 s during one). At most 2 hashes run at once, leaving the pool's other threads free; a burst
 * waits in a short queue, and beyond it is refused at once (503 with `Retry-After`).
 */
const hashing = new ConcurrencyLimit(2, 32);

const scrypt = (password: string, salt: Buffer, keylen: number, options: object): Promise<Buffer> =>
  hashing.run(() => scryptAsync(password, salt, keylen, options));

/** scrypt parameters (OWASP minimum for scrypt: N=2^17, r=8, p=1), stored in the hash for upgrades. */
const N = 2 ** 17;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAX_MEMORY = 256 * 1024 * 1024;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: MAX_MEMORY });
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAX_MEMORY,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
