import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where a webhook may not send: loopback, private, shared (CGNAT), link-local, multicast, unspecified,
 * reserved and documentation ranges, in IPv4 and IPv6. IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`)
 * match the IPv4 ranges (BlockList compares them as IPv4).
 */
const DISALLOWED_RANGES: [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'], // "this network", the unspecified address
  ['10.0.0.0', 8, 'ipv4'], // private
  ['100.64.0.0', 10, 'ipv4'], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8, 'ipv4'], // loopback
  ['169.254.0.0', 16, 'ipv4'], // link-local (cloud metadata services)
  ['172.16.0.0', 12, 'ipv4'], // private
  ['192.0.0.0', 24, 'ipv4'], // IETF protocol assignments
  ['192.0.2.0', 24, 'ipv4'], // documentation
  ['192.88.99.0', 24, 'ipv4'], // 6to4 relay anycast
  ['192.168.0.0', 16, 'ipv4'], // private
  ['198.18.0.0', 15, 'ipv4'], // benchmarking
  ['198.51.100.0', 24, 'ipv4'], // documentation
  ['203.0.113.0', 24, 'ipv4'], // documentation
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved, and the broadcast address
  ['::', 96, 'ipv6'], // unspecified, loopback and the deprecated IPv4-compatible addresses
  ['64:ff9b:1::', 48, 'ipv6'], // local-use NAT64
  ['100::', 64, 'ipv6'], // discard-only
  ['2001::', 23, 'ipv6'], // IETF protocol assignments (Teredo and others)
  ['2001:db8::', 32, 'ipv6'], // documentation
  ['2002::', 16, 'ipv6'], // 6to4 (embeds any IPv4 address)
  ['fc00::', 7, 'ipv6'], // unique local
  ['fe80::', 10, 'ipv6'], // link-local
  ['fec0::', 10, 'ipv6'], // site-local (deprecated)
  ['ff00::', 8, 'ipv6'], // multicast
];

const DISALLOWED = new BlockList();
for (const [network, prefix, family] of DISALLOWED_RANGES) DISALLOWED.addSubnet(network, prefix, family);

/** Why an address or URL is refused as a webhook target. */
export class WebhookTargetRefusedError extends Error {}

const familyOf = (address: string): 'ipv4' | 'ipv6' => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/**
 * Parses an allow-list of addresses and CIDR ranges (`127.0.0.1`, `10.1.0.0/16`, `::1`), comma-separated.
 * Throws naming the first entry that is neither.
 */
export function parseAllowedTargets(value: string | undefined): BlockList {
  const allowed = new BlockList();
  for (const entry of (value ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [address, prefix, extra] = entry.split('/');
    const version = isIP(address);
    const bits = prefix === undefined ? (version === 6 ? 128 : 32) : Number(prefix);
    if (
      !version ||
      extra !== undefined ||
      (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) ||
      bits > (version === 6 ? 128 : 32)
    )
      throw new Error(`"${entry}" is not an IP address or CIDR range`);
    allowed.addSubnet(address, bits, familyOf(address));
  }
  return allowed;
}

/** NAT64's well-known prefix (RFC 6052): `64:ff9b::a.b.c.d` reaches the IPv4 address a.b.c.d. */
const NAT64 = new BlockList();
NAT64.addSubnet('64:ff9b::', 96, 'ipv6');

/**
 * The IPv4 address a NAT64 address reaches, else null. Not refused as a whole (DNS64 answers such
 * addresses for every IPv4-only name on an IPv6-only network): judged by the address it embeds.
 */
function nat64Target(address: string): string | null {
  if (isIP(address) !== 6 || !NAT64.check(address, 'ipv6')) return null;
  // The URL parser writes IPv6 in hex groups, with any dotted tail converted.
  const host = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const [head, tail] = host.split('::');
  const groups = [head, tail]
    .map((part) => (part ? part.split(':') : []))
    .reduce((h, t) => [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t]);
  const [high, low] = groups.slice(6).map((group) => parseInt(group, 16));
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Whether a webhook may be sent to this IP address, given the operator's allow-list. */
export function isAllowedAddress(address: string, allowed: BlockList): boolean {
  if (!isIP(address)) return false;
  const family = familyOf(address);
  if (allowed.check(address, family)) return true;
  const embedded = nat64Target(address);
  if (embedded !== null) return isAllowedAddress(embedded, allowed);
  return !DISALLOWED.check(address, family);
}

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** A webhook target after vetting: the URL, and the one address to connect to (pinned). */
export interface VettedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/**
 * Decides whether webhooks may go to a URL, and where exactly: the host is an IP literal (in any
 * spelling the URL parser accepts: `127.1`, `0x7f000001`, `[::ffff:7f00:1]`) or a name; `localhost`
 * and `*.localhost` are loopback without asking DNS; any other name is resolved, and refused when any
 * of its addresses is refused (so a name cannot smuggle one private address among public ones).
 * The caller connects to the vetted address only, so that a second resolution cannot swap it (DNS
 * rebinding).
 */
export class WebhookTargetGuard {
  constructor(
    private readonly allowed: BlockList,
    private readonly resolve: Resolver = systemResolver,
  ) {}

  async vet(rawUrl: string): Promise<VettedTarget> {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new WebhookTargetRefusedError('the URL cannot be parsed');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new WebhookTargetRefusedError('only http and https URLs are allowed');
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const name = host.toLowerCase().replace(/\.$/, '');
    let addresses: LookupAddress[];
    if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
    else if (name === 'localhost' || name.endsWith('.localhost'))
      addresses = [
        { address: '127.0.0.1', family: 4 },
        { address: '::1', family: 6 },
      ];
    else {
      try {
        addresses = await this.resolve(host);
      } catch (error) {
        throw new WebhookTargetRefusedError(`${host} does not resolve (${(error as Error).message})`);
      }
      if (addresses.length === 0) throw new WebhookTargetRefusedError(`${host} does not resolve`);
    }
    const refused = addresses.find((a) => !isAllowedAddress(a.address, this.allowed));
    if (refused)
      throw new WebhookTargetRefusedError(
        `${host} is (or resolves to) ${refused.address}, a loopback, private, link-local, multicast, ` +
          'unspecified or reserved address',
      );
    const [first] = addresses;
    return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
  }
}

/**
 * POSTs `body` to a vetted target, connecting to its vetted address only (the host name still goes
 * into `Host` and, over https, into SNI and the certificate check). Redirects are not followed: the
 * status is answered as it came. Resolves with the status code once the answer's body is read off.
 */
export function postToTarget(
  target: VettedTarget,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<number> {
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all)
      (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    else callback(null, target.address, target.family);
  };
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      target.url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinned,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
