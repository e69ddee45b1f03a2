import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
}

/**
 * A real HTTP server on loopback that records the webhooks it gets. `failFirst` answers that many
 * requests with a 500 before accepting.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private server!: Server;
  private failuresLeft: number;

  constructor(failFirst = 0) {
    this.failuresLeft = failFirst;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (this.failuresLeft > 0) {
          this.failuresLeft -= 1;
          res.writeHead(500).end('not now');
          return;
        }
        const body = Buffer.concat(chunks).toString('utf8');
        this.received.push({ path: req.url ?? '/', headers: req.headers, body, json: JSON.parse(body) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Verifies a Standard Webhooks signature, written from the specification independently of the
 * service's code: HMAC-SHA256 keyed with the base64 secret after `whsec_`, over `id.timestamp.body`.
 */
export function verifyStandardWebhook(secret: string, hook: ReceivedWebhook): boolean {
  const id = hook.headers['webhook-id'] as string;
  const timestamp = hook.headers['webhook-timestamp'] as string;
  const key = Buffer.from(secret.split('_')[1], 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${hook.body}`).digest();
  return String(hook.headers['webhook-signature'])
    .split(' ')
    .some((sig) => {
      const [version, value] = sig.split(',');
      const given = Buffer.from(value ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}
