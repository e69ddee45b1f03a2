import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, request as httpRequest, Server } from 'node:http';
import { createRequire } from 'node:module';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const requireFromProject = createRequire(join(process.cwd(), 'package.json'));

/**
 * Twilio's published OpenAPI description of its 2010-04-01 API, as Twilio ships it in the pinned
 * `@twilio-alpha/mcp` dev dependency (its `twilio-oai` folder).
 */
export const TWILIO_SPEC = requireFromProject.resolve(
  '@twilio-alpha/mcp/twilio-oai/spec/json/twilio_api_v2010.json',
);
const PRISM_CLI = join(process.cwd(), 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');

/** Credentials of the kind Twilio issues (Prism checks their presence, the spec their shape). */
/** Prism reads Twilio's large spec at start: give the `beforeAll` that starts it this long. */
export const PRISM_START_TIMEOUT_MS = 120_000;

export const TEST_ACCOUNT_SID = 'AC' + '0123456789abcdef'.repeat(2);
export const TEST_AUTH_TOKEN = 'f'.repeat(32);

/**
 * Twilio-shaped error answers, added to every operation of the derived spec. Each is asked for with
 * `Prefer: code=<status>, example=<name>` (see `prefer`). The published spec declares none.
 */
export const TWILIO_ERROR_EXAMPLES: Record<number, Record<string, { code: number; message: string }>> = {
  400: {
    numberUnavailable: { code: 21422, message: 'Phone number is not available' },
    invalidNumber: { code: 21421, message: 'PhoneNumber is invalid' },
    address21631: { code: 21631, message: 'Phone Number Requires an Address' },
    address21615: { code: 21615, message: 'Phone Number Requires a Local Address' },
    address21613: { code: 21613, message: 'PhoneNumber Requires an Address' },
    otherRefusal: { code: 21452, message: 'No phone numbers found in area code' },
  },
  401: { authenticationFailed: { code: 20003, message: 'Authenticate' } },
  404: { notFound: { code: 20404, message: 'The requested resource was not found' } },
  429: { tooManyRequests: { code: 20429, message: 'Too Many Requests' } },
  500: { internalError: { code: 20500, message: 'Internal Server Error' } },
  503: { serviceUnavailable: { code: 20503, message: 'Service Unavailable' } },
};

/** The `Prefer` header value that makes Prism answer one of the error examples above. */
export const prefer = (status: number, example: string): string => `code=${status}, example=${example}`;

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The form body Twilio's SDK sent, decoded. */
  form: URLSearchParams;
  authorization: string | undefined;
  status: number;
  /** From Prism's `sl-violations` header: where the request broke Twilio's contract (empty when it did not). */
  violations: string;
}

export interface PrismServer {
  /** Base URL to give the SDK (TWILIO_API_BASE_URL): a recording proxy in front of Prism. */
  url: string;
  /** Every request Prism answered, oldest first. */
  requests: RecordedRequest[];
  lastRequest(): RecordedRequest;
  stop(): Promise<void>;
}

/** Twilio's spec with error responses added to every operation, written to a temporary directory. */
function writeDerivedSpec(directory: string): string {
  const spec = JSON.parse(readFileSync(TWILIO_SPEC, 'utf8'));
  const errorSchema = {
    type: 'object',
    required: ['code', 'message', 'more_info', 'status'],
    properties: {
      code: { type: 'integer' },
      message: { type: 'string' },
      more_info: { type: 'string' },
      status: { type: 'integer' },
    },
  };
  for (const pathItem of Object.values<Record<string, { responses?: Record<string, unknown> }>>(spec.paths)) {
    for (const [method, operation] of Object.entries(pathItem)) {
      if (!['get', 'post', 'delete'].includes(method) || !operation.responses) continue;
      for (const [status, examples] of Object.entries(TWILIO_ERROR_EXAMPLES)) {
        operation.responses[status] = {
          description: `Twilio error ${status}`,
          content: {
            'application/json': {
              schema: errorSchema,
              examples: Object.fromEntries(
                Object.entries(examples).map(([name, { code, message }]) => [
                  name,
                  {
                    value: {
                      code,
                      message,
                      more_info: `https://www.twilio.com/docs/errors/${code}`,
                      status: Number(status),
                    },
                  },
                ]),
              ),
            },
          },
        };
      }
      // Prism answers a request that breaks the contract with a 422 when the operation declares one
      // (otherwise with the first 4xx it finds), so that such a request can never pass for a Twilio error.
      operation.responses['422'] = {
        description: "The request breaks Twilio's contract",
        content: {
          'application/json': {
            schema: errorSchema,
            example: {
              code: 0,
              message: "Prism: the request breaks Twilio's contract (see the sl-violations header)",
              more_info: 'https://docs.stoplight.io/docs/prism',
              status: 422,
            },
          },
        },
      };
    }
  }
  const file = join(directory, 'twilio_api_v2010.with-errors.json');
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/**
 * The request's violations only: Prism also reports where Twilio's own examples do not fit Twilio's
 * response schemas, which says nothing about the adapter.
 */
function requestViolations(header: string | string[] | undefined): string {
  if (!header) return '';
  const all = JSON.parse(String(header)) as { location: string[]; message: string }[];
  return all
    .filter((v) => v.location[0] === 'request')
    .map((v) => v.message)
    .join('; ');
}

/** Forwards to Prism and records what the SDK sent and what Prism thought of it. */
function startRecordingProxy(prismPort: number, requests: RecordedRequest[]): Promise<Server> {
  const proxy = createServer((req, res) => {
    void readBody(req).then((body) => {
      const upstream = httpRequest(
        { host: '127.0.0.1', port: prismPort, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          const url = new URL(req.url ?? '/', 'http://proxy');
          requests.push({
            method: req.method ?? '',
            path: url.pathname,
            query: url.searchParams,
            form: new URLSearchParams(body.toString('utf8')),
            authorization: req.headers.authorization,
            status: answer.statusCode ?? 0,
            violations: requestViolations(answer.headers['sl-violations']),
          });
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', (error) => {
        res.writeHead(502);
        res.end(String(error));
      });
      upstream.end(body);
    });
  });
  return new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => resolve(proxy)));
}

/**
 * Starts Prism on a free loopback port, serving Twilio's spec (with the error examples added), behind
 * a recording proxy. Once per test file: start it in `beforeAll`, stop it in `afterAll`.
 */
export async function startPrism(): Promise<PrismServer> {
  const directory = mkdtempSync(join(tmpdir(), 'prism-twilio-'));
  const spec = writeDerivedSpec(directory);
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [PRISM_CLI, 'mock', '-h', '127.0.0.1', '-p', String(port), spec],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const stopChild = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(directory, { recursive: true, force: true });
  };

  const deadline = Date.now() + PRISM_START_TIMEOUT_MS - 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stopChild();
      throw new Error(`Prism exited before it was ready:\n${output}`);
    }
    try {
      await fetch(`http://127.0.0.1:${port}/2010-04-01/Accounts/${TEST_ACCOUNT_SID}.json`);
      break;
    } catch {
      if (Date.now() > deadline) {
        await stopChild();
        throw new Error(`Prism did not answer on port ${port} in time:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  const requests: RecordedRequest[] = [];
  const proxy = await startRecordingProxy(port, requests);
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    requests,
    lastRequest() {
      const last = requests.at(-1);
      if (!last) throw new Error('Prism has received no request');
      return last;
    },
    async stop() {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
      await stopChild();
    },
  };
}
