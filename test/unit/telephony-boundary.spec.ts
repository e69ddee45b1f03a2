import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TelephonyProviderRegistry } from '../../src/telephony/provider-registry';

const root = process.cwd();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Telephony owns the provider: another provider is a folder under src/telephony/ and its registration. */
describe('the telephony boundary', () => {
  it('lets only src/telephony/ import the twilio package', () => {
    const importers = sources(join(root, 'src'))
      .filter((path) => /from ['"]twilio(\/[^'"]*)?['"]|require\(['"]twilio/.test(readFileSync(path, 'utf8')))
      .map((path) => relative(root, path).split('\\').join('/'));
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((path) => !path.startsWith('src/telephony/'))).toEqual([]);
  });

  it('serves the provider’s webhooks from a controller of its own', () => {
    const controllers = sources(join(root, 'src/telephony')).filter((path) =>
      path.endsWith('.controller.ts'),
    );
    expect(controllers.map((path) => relative(root, path).split('\\').join('/'))).toContain(
      'src/telephony/twilio/twilio-webhooks.controller.ts',
    );
  });

  describe('the provider registry', () => {
    const registry = new TelephonyProviderRegistry({} as never, {} as never);
    const credentials = { providerId: 'twilio', accountId: 'AC' + '1'.repeat(32), authToken: 'a'.repeat(32) };

    it('builds the adapter registered under the provider id', () => {
      expect(registry.create('twilio', credentials).name).toBe('twilio');
      expect(registry.create('sandbox', null).name).toBe('sandbox');
    });

    it('refuses an id nothing is registered under, and Twilio without credentials', () => {
      expect(() => registry.create('telnyx', credentials)).toThrow(
        /No telephony provider is registered as 'telnyx'/,
      );
      expect(() => registry.create('twilio', null)).toThrow(/needs an account SID/);
    });
  });
});
