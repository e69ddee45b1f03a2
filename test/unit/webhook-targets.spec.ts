import 'reflect-metadata';
import type { LookupAddress } from 'node:dns';
import { validateEnvironment } from '../../src/config/env.validation';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  isAllowedAddress,
  parseAllowedTargets,
  postToTarget,
  WebhookTargetGuard,
  WebhookTargetRefusedError,
} from '../../src/events/webhook-targets';

// A pure test of the rules: no address here is ever connected to, and names resolve through a fake.
const none = parseAllowedTargets(undefined);

describe('webhook target addresses', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.64.0.1', 'shared (CGNAT)'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['198.18.0.1', 'benchmarking'],
    ['192.0.2.1', 'documentation'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::ffff:169.254.169.254', 'IPv4-mapped link-local'],
    ['::127.0.0.1', 'IPv4-compatible loopback'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['fe80::1', 'link-local'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['2002:7f00:1::1', '6to4 of loopback'],
    ['64:ff9b:1::a00:1', 'local-use NAT64'],
    ['64:ff9b::7f00:1', 'NAT64 of loopback'],
    ['64:ff9b::10.0.0.1', 'NAT64 of private, dotted'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 of link-local (cloud metadata)'],
    ['64:ff9b::', 'NAT64 of the unspecified address'],
  ])('refuses %s (%s)', (address) => {
    expect(isAllowedAddress(address, none)).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    // A public address through NAT64 (DNS64 answers these on IPv6-only networks).
    '64:ff9b::808:808',
  ])('allows the public address %s', (address) => {
    expect(isAllowedAddress(address, none)).toBe(true);
  });

  it('allows what the operator lists, and nothing next to it', () => {
    const allowed = parseAllowedTargets(' 127.0.0.1 , 10.1.0.0/16,fd00::/8 ');
    expect(isAllowedAddress('127.0.0.1', allowed)).toBe(true);
    expect(isAllowedAddress('::ffff:127.0.0.1', allowed)).toBe(true);
    expect(isAllowedAddress('127.0.0.2', allowed)).toBe(false);
    expect(isAllowedAddress('::1', allowed)).toBe(false);
    expect(isAllowedAddress('10.1.200.3', allowed)).toBe(true);
    expect(isAllowedAddress('10.2.0.1', allowed)).toBe(false);
    expect(isAllowedAddress('fd00::5', allowed)).toBe(true);
    expect(isAllowedAddress('fc00::5', allowed)).toBe(false);
  });

  it('stops the boot on a bad WEBHOOK_ALLOWED_PRIVATE_HOSTS, naming it', () => {
    expect(() => validateEnvironment({ WEBHOOK_ALLOWED_PRIVATE_HOSTS: '127.0.0.1,localhost' })).toThrow(
      /WEBHOOK_ALLOWED_PRIVATE_HOSTS: "localhost" is not an IP address or CIDR range/,
    );
    expect(validateEnvironment({ WEBHOOK_ALLOWED_PRIVATE_HOSTS: '127.0.0.1, ::1' })).toBeTruthy();
  });

  it.each(['localhost', '10.0.0.0/33', '10.0.0.0/8/1', '::1/129', '10.0.0.0/x', '999.0.0.1'])(
    'refuses the allow-list entry %s',
    (entry) => {
      expect(() => parseAllowedTargets(entry)).toThrow(entry);
    },
  );
});

describe('WebhookTargetGuard', () => {
  const resolving =
    (answers: Record<string, string[]>) =>
    async (hostname: string): Promise<LookupAddress[]> => {
      const addresses = answers[hostname];
      if (!addresses) throw new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
  const guard = (answers: Record<string, string[]> = {}, allowed = none) =>
    new WebhookTargetGuard(allowed, resolving(answers));

  it.each([
    'http://127.1/',
    'http://0x7f000001/',
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://LOCALHOST./',
    'http://x.localhost/',
    'http://0.0.0.0/',
    'http://[::]/',
    'http://10.0.0.1/',
    'http://172.16.0.1/',
    'http://0xa9fea9fe/',
    'http://[fe80::1]/',
  ])('refuses %s without asking DNS', async (url) => {
    await expect(guard().vet(url)).rejects.toBeInstanceOf(WebhookTargetRefusedError);
  });

  it('refuses a name when any of its addresses is refused (DNS rebinding, mixed answers)', async () => {
    const g = guard({ 'rebind.example': ['8.8.8.8', '127.0.0.1'], 'internal.example': ['10.0.0.7'] });
    await expect(g.vet('https://rebind.example/hook')).rejects.toThrow(/127\.0\.0\.1/);
    await expect(g.vet('https://internal.example/hook')).rejects.toThrow(/10\.0\.0\.7/);
  });

  it('refuses a name that does not resolve, and a scheme other than http(s)', async () => {
    await expect(guard().vet('https://nowhere.example/')).rejects.toThrow(/does not resolve/);
    await expect(guard().vet('ftp://8.8.8.8/')).rejects.toBeInstanceOf(WebhookTargetRefusedError);
  });

  it('answers the vetted address, which the delivery connects to', async () => {
    const target = await guard({ 'hooks.example': ['8.8.4.4', '2001:4860:4860::8844'] }).vet(
      'https://hooks.example:8443/evo',
    );
    expect(target).toMatchObject({ address: '8.8.4.4', family: 4 });
    expect(target.url.host).toBe('hooks.example:8443');
  });

  it('lets the opt-in through: an allow-listed loopback receiver', async () => {
    const allowed = parseAllowedTargets('127.0.0.1');
    await expect(guard({}, allowed).vet('http://127.0.0.1:4000/hook')).resolves.toMatchObject({
      address: '127.0.0.1',
    });
    // localhost may also be ::1, which is not listed.
    await expect(guard({}, allowed).vet('http://localhost:4000/hook')).rejects.toThrow(/::1/);
  });
});

describe('postToTarget', () => {
  it('connects to the vetted address, never resolving the name again, and sends the name as Host', async () => {
    const seen: { host?: string; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ host: req.headers.host, body });
        res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      // `.invalid` never resolves (RFC 6761): only the pinned address can make this connect.
      const status = await postToTarget(
        { url: new URL(`http://hooks.invalid:${port}/evo`), address: '127.0.0.1', family: 4 },
        { 'content-type': 'application/json' },
        '{"a":1}',
        5000,
      );
      expect(status).toBe(302); // answered as it came: not followed
      expect(seen).toEqual([{ host: `hooks.invalid:${port}`, body: '{"a":1}' }]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
