import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { parseEncryptionKey, SecretBox } from '../../src/security/secret-box';
import { validateEnvironment } from '../../src/config/env.validation';

describe('SecretBox (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const box = new SecretBox(key);

  it('decrypts what it encrypted, for the same context, and never shows the plaintext', () => {
    const sealed = box.encrypt('twilio-auth-token', 'account-1');
    expect(sealed).not.toContain('twilio-auth-token');
    expect(box.decrypt(sealed, 'account-1')).toBe('twilio-auth-token');
    expect(box.encrypt('twilio-auth-token', 'account-1')).not.toBe(sealed); // a fresh IV each time
  });

  it('refuses another context, another key, or a tampered ciphertext', () => {
    const sealed = box.encrypt('secret', 'account-1');
    expect(() => box.decrypt(sealed, 'account-2')).toThrow();
    expect(() => new SecretBox(randomBytes(32)).decrypt(sealed, 'account-1')).toThrow();
    const parts = sealed.split(':');
    const ciphertext = Buffer.from(parts[3], 'base64');
    ciphertext[0] ^= 1;
    parts[3] = ciphertext.toString('base64');
    expect(() => box.decrypt(parts.join(':'), 'account-1')).toThrow();
  });

  it('takes ENCRYPTION_KEY as 64 hex characters or base64 of 32 bytes', () => {
    expect(parseEncryptionKey(key.toString('hex'))).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64'))).toEqual(key);
    expect(() => parseEncryptionKey(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});

describe('environment validation of the Twilio and encryption settings', () => {
  it('rejects a malformed ENCRYPTION_KEY', () => {
    expect(() => validateEnvironment({ ENCRYPTION_KEY: 'short' })).toThrow(/ENCRYPTION_KEY/);
    expect(validateEnvironment({ ENCRYPTION_KEY: randomBytes(32).toString('hex') })).toBeDefined();
  });

  it('needs both Twilio credentials or neither, and a well-formed account SID', () => {
    expect(() => validateEnvironment({ TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32) })).toThrow(/set both/);
    expect(() => validateEnvironment({ TWILIO_ACCOUNT_SID: 'nope', TWILIO_AUTH_TOKEN: 'x' })).toThrow(
      /TWILIO_ACCOUNT_SID/,
    );
  });
});
