// Small helpers shared by the benchmark scripts: child processes, HTTP calls, databases.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

export const PG_SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A PostgreSQL URL naming `database` on the benchmark's server. */
export function pgUrl(database) {
  const url = new URL(PG_SERVER);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates a fresh PostgreSQL database (dropping an earlier one of the same name). */
export async function createPgDatabase(name) {
  const client = new pg.Client({ connectionString: PG_SERVER });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

export async function dropPgDatabase(name) {
  const client = new pg.Client({ connectionString: PG_SERVER });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * Starts `node [nodeArgs] <script>` with `env` and waits until `http://127.0.0.1:<port><readyPath>` answers.
 * Its output goes to `logFile`, as a server's log would, rather than through a pipe into this process:
 * reading a line per request here would take CPU from the load generator, which shares the machine.
 * Resolves to { child, startupMs, stop() }.
 */
export async function startServer({ script, env, port, readyPath = '/', name, logFile, nodeArgs = [] }) {
  const started = performance.now();
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const output = () => readFileSync(logFile, 'utf8').slice(-20_000);
  let exited = null;
  child.on('exit', (code) => (exited = code));
  for (;;) {
    if (exited !== null) throw new Error(`${name} exited with ${exited}:\n${output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}${readyPath}`);
      await response.arrayBuffer();
      break;
    } catch {
      await sleep(50);
    }
    if (performance.now() - started > 120_000) throw new Error(`${name} did not start:\n${output()}`);
  }
  const startupMs = performance.now() - started;
  return {
    child,
    startupMs,
    async stop() {
      if (exited !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/**
 * How `npm run start:prod` (package.json) starts the built service, as `{ script, nodeArgs }`: the
 * benchmark runs the service with the same node flags as a deployment does.
 */
export function serviceCommand() {
  const command = JSON.parse(readFileSync('package.json', 'utf8')).scripts['start:prod'];
  const [node, ...args] = command.trim().split(/\s+/);
  if (node !== 'node' || args.length === 0)
    throw new Error(`start:prod is not "node [flags] script": ${command}`);
  return { command, script: args.at(-1), nodeArgs: args.slice(0, -1) };
}

/** Resident set size of a process, in MB (Linux /proc). */
export async function rssMb(pid) {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** A JSON request that must answer 200; returns the parsed body. */
export async function call(base, method, path, { token, body, headers = {} } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Deterministic pseudo-random numbers, so every run seeds the same data. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
