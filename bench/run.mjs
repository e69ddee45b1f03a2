// `npm run bench`: the service beside the floor, on PostgreSQL and on SQLite, with a seeded tenant of
// 100,000 endpoints. Writes BENCHMARKS.md, bench/results.svg and bench/results.json.
import autocannon from 'autocannon';
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { renderMarkdown, renderSvg } from './report.mjs';
import { call, createPgDatabase, dropPgDatabase, pgUrl, rssMb, serviceCommand, startServer } from './lib.mjs';
import { bulkInsertPg, bulkInsertSqlite, ENDPOINT_COUNT, FILTER_AREA_CODE, seedThroughApi } from './seed.mjs';

/** Each cell: ROUNDS runs of DURATION seconds per server, service and floor taking turns. */
const DURATION = Number(process.env.BENCH_DURATION ?? 2);
/**
 * The unrecorded round before each scenario. V8 keeps optimising the service's buy path for about 8-10 s
 * of back-to-back buys (its CPU per buy falls from ~3.8 ms to ~2 ms; the floor's is steady after 2 s):
 * a shorter warm-up left the first cells measuring a service still compiling.
 */
const WARM_UP_SECONDS = 10;
/** A cell whose requests take long runs longer, so that every round answers a few per connection. */
const MAX_DURATION = 10;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CLOCK_TICKS_PER_SECOND = Number(execSync('getconf CLK_TCK').toString().trim());
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,16,64').split(',').map(Number);
const DATABASES = (process.env.BENCH_DATABASES ?? 'postgres,sqlite').split(',');
const ONLY = process.env.BENCH_SCENARIOS?.split(',');
const SERVICE_PORT = 3901;
const FLOOR_PORT = 3902;
const ADMIN = { userName: 'admin@bench.local', password: 'bench-admin-password' };
const FLOOR_TOKEN = 'floor-fixed-token';
/** The service is started as `npm run start:prod` starts it, node flags included. */
const SERVICE = serviceCommand();
/** A page three quarters of the way through the 100,000 endpoints. */
const DEEP_PAGE = Math.floor((ENDPOINT_COUNT * 0.75) / 25);

/** The service's environment: production, sandbox provider, limits out of the way, normal logging. */
const serviceEnv = (database) => ({
  NODE_ENV: 'production',
  JWT_SECRET: 'bench-jwt-secret-bench-jwt-secret-0123456789',
  BOOTSTRAP_ADMIN_EMAIL: ADMIN.userName,
  BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
  SEED_DEMO_TENANT: 'false',
  // Background work would land in random measurements; the reconciler has nothing to do here anyway.
  RECONCILER_RUN_AT_STARTUP: 'false',
  RECONCILER_INTERVAL_SECONDS: '0',
  LOG_LEVEL: 'info',
  RATE_LIMIT_DEFAULT_LIMIT: '100000000',
  RATE_LIMIT_DEFAULT_TTL_MS: '1000',
  RATE_LIMIT_AUTH_LIMIT: '100000000',
  RATE_LIMIT_AUTH_TTL_MS: '1000',
  RATE_LIMIT_BUY_LIMIT: '100000000',
  RATE_LIMIT_BUY_TTL_MS: '1000',
  ...database,
});

/** Unique virtual numbers: the service buys +1202..., the floor +1203..., both valid US numbers. */
function numberSource(areaCode) {
  let n = 0;
  return () => {
    const i = n++;
    return `+1${areaCode}${200 + Math.floor(i / 10_000)}${String(i % 10_000).padStart(4, '0')}`;
  };
}

function scenarios(tenant, sampleIds, deepCursor) {
  const tag = tenant.tags[0];
  const buyBody = (number) =>
    JSON.stringify({
      accountId: tenant.accountId,
      customerId: tenant.customers[5],
      number,
      isVirtualPhoneNumber: true,
      tagIds: tenant.tags.slice(0, 2),
      flowId: tenant.flows[0],
      data: { plan: { stringValue: 'gold' } },
    });
  const list = (query) => ({ method: 'GET', path: `/endpoints?countPerPage=25&${query}` });
  return [
    {
      name: 'GET /endpoints/{id}',
      group: 'read',
      rotatePath: (i) => `/endpoints/${sampleIds[i % sampleIds.length]}`,
    },
    { name: 'list page 0', group: 'read', ...list('page=0') },
    { name: `list page ${DEEP_PAGE}`, group: 'read', ...list(`page=${DEEP_PAGE}`) },
    { name: 'list page 0 simplified', group: 'read', ...list('page=0&simplifiedPaging=true') },
    {
      name: `list page ${DEEP_PAGE} simplified`,
      group: 'read',
      ...list(`page=${DEEP_PAGE}&simplifiedPaging=true`),
    },
    {
      name: `list page ${DEEP_PAGE} by cursor`,
      group: 'read',
      ...list(`cursor=${deepCursor}`),
    },
    {
      name: `list page ${DEEP_PAGE} by cursor simplified`,
      group: 'read',
      ...list(`cursor=${deepCursor}&simplifiedPaging=true`),
    },
    {
      name: 'list tagIds+phoneNumberFilter',
      group: 'read',
      ...list(`tagIds=${tag}&phoneNumberFilter=${FILTER_AREA_CODE}`),
    },
    {
      name: 'POST /endpoints/{id}/test-schedule',
      group: 'read',
      post: {
        path: (i) => `/endpoints/${sampleIds[i % sampleIds.length]}/test-schedule`,
        body: JSON.stringify({ dateTime: '2026-12-23T15:00:00Z' }),
      },
    },
    { name: 'buy (API key)', group: 'write', auth: 'apiKey', buyBody },
    { name: 'buy (JWT)', group: 'write', auth: 'jwt', buyBody },
    { name: 'buy (Basic)', group: 'write', auth: 'basic', buyBody },
  ].filter((s) => !ONLY || ONLY.some((o) => s.name.includes(o)));
}

/** CPU time a process has used so far (user + system, all its threads), in µs (Linux /proc). */
function cpuMicros(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_SECOND;
}

/** One autocannon run against the server `pid` listening on `port`. */
async function drive({ pid, port, authorization, scenario, connections, duration = DURATION, nextNumber }) {
  let i = 0;
  // The first few answers that are not 2xx, shown with the cell, so that a failure explains itself.
  const failures = [];
  const onResponse = (status, body) => {
    if ((status < 200 || status >= 300) && failures.length < 3)
      failures.push(`${status} ${String(body).slice(0, 200)}`);
  };
  const request = scenario.buyBody
    ? {
        method: 'POST',
        path: '/endpoints/phone-numbers',
        headers: { 'content-type': 'application/json', authorization },
        setupRequest: (req) => ({ ...req, body: scenario.buyBody(nextNumber()) }),
        onResponse,
      }
    : scenario.post
      ? {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          setupRequest: (req) => ({ ...req, path: scenario.post.path(i++), body: scenario.post.body }),
          onResponse,
        }
      : scenario.rotatePath
        ? {
            method: 'GET',
            headers: { authorization },
            setupRequest: (req) => ({ ...req, path: scenario.rotatePath(i++) }),
            onResponse,
          }
        : { method: 'GET', path: scenario.path, headers: { authorization }, onResponse };
  const cpuBefore = cpuMicros(pid);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration,
    // A slow scenario at 64 connections queues requests for seconds (Little's law): an answer that comes
    // late is measured in the latencies, not counted as a failure (autocannon's default gives up at 10 s).
    timeout: 120,
    requests: [request],
  });
  // Requests still queued inside the server (at its database pool) would land in the next measurement:
  // one more request waits behind them.
  await fetch(`http://127.0.0.1:${port}/endpoints?countPerPage=1&simplifiedPaging=true`, {
    headers: { authorization },
    signal: AbortSignal.timeout(120_000),
  }).then((r) => r.arrayBuffer());
  const cpu = cpuMicros(pid) - cpuBefore;
  return {
    rps: result.requests.average,
    // What each answered request cost the server (the one request above included).
    cpuUs: result.requests.total > 0 ? cpu / (result.requests.total + 1) : null,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    failures,
    errors: result.errors + result.timeouts,
  };
}

/**
 * A cell's run length: DURATION, or longer (up to MAX_DURATION) when the scenario is so slow that
 * `connections` requests queued at once would not be answered a few times over within it.
 */
function cellDuration(rps, connections) {
  return Math.min(MAX_DURATION, Math.max(DURATION, Math.ceil((3 * connections) / rps)));
}

/** The median of each measure over the rounds; failures are summed. */
function median(rounds) {
  const mid = (key) => {
    const sorted = rounds.map((r) => r[key]).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };
  const sum = (key) => rounds.reduce((total, r) => total + r[key], 0);
  return {
    rps: mid('rps'),
    p50: mid('p50'),
    p99: mid('p99'),
    cpuUs: mid('cpuUs'),
    requests: sum('requests'),
    non2xx: sum('non2xx'),
    errors: sum('errors'),
    failures: rounds.flatMap((r) => r.failures).slice(0, 3),
  };
}

async function benchDatabase(kind) {
  const pgName = `bench_${process.pid}`;
  const sqliteDir = kind === 'sqlite' ? mkdtempSync(join(tmpdir(), 'bench-')) : null;
  const database =
    kind === 'postgres' ? { DATABASE_URL: pgUrl(pgName) } : { SQLITE_PATH: join(sqliteDir, 'bench.sqlite') };
  if (kind === 'postgres') await createPgDatabase(pgName);
  const base = `http://127.0.0.1:${SERVICE_PORT}`;
  // The servers' logs, kept after the run: a cell's non-2xx answers are explained there.
  const logFile = (server) => join(tmpdir(), `bench-${kind}-${server}.log`);
  for (const server of ['service', 'floor']) writeFileSync(logFile(server), '');
  const start = () =>
    startServer({
      script: SERVICE.script,
      nodeArgs: SERVICE.nodeArgs,
      env: serviceEnv(database),
      port: SERVICE_PORT,
      name: 'service',
      logFile: logFile('service'),
    });
  try {
    console.log(`\n== ${kind}: seeding (logs: ${logFile('service')}, ${logFile('floor')})`);
    let service = await start();
    const tenant = await seedThroughApi(base, ADMIN);
    await service.stop();
    const seeded = performance.now();
    if (kind === 'postgres') await bulkInsertPg(database.DATABASE_URL, tenant);
    else bulkInsertSqlite(database.SQLITE_PATH, tenant);
    console.log(`   ${ENDPOINT_COUNT} endpoints inserted in ${Math.round(performance.now() - seeded)} ms`);

    service = await start();
    const floor = await startServer({
      script: 'bench/floor.mjs',
      env: {
        ...(kind === 'postgres'
          ? { FLOOR_DATABASE_URL: database.DATABASE_URL }
          : { FLOOR_SQLITE_PATH: database.SQLITE_PATH }),
        FLOOR_TOKEN,
        FLOOR_ACCOUNT_IDS: tenant.accountId,
      },
      port: FLOOR_PORT,
      name: 'floor',
      logFile: logFile('floor'),
    });
    console.log(
      `   start-up: service ${Math.round(service.startupMs)} ms, floor ${Math.round(floor.startupMs)} ms`,
    );

    const page = await call(base, 'GET', '/endpoints?countPerPage=200&page=7', { token: tenant.apiKey });
    const sampleIds = page.items.map((e) => e.id);
    // The cursor the page before the deep page hands out: keyset paging reaches the same page.
    const deepCursor = (
      await call(base, 'GET', `/endpoints?countPerPage=25&page=${DEEP_PAGE - 1}&simplifiedPaging=true`, {
        token: tenant.apiKey,
      })
    ).nextCursor;
    const basic = `Basic ${Buffer.from(`${tenant.manager.userName}:${tenant.manager.password}`).toString('base64')}`;
    const serviceNumber = numberSource('202');
    const floorNumber = numberSource('203');
    // Warm both up (connection pools, caches) before anything is measured.
    for (const [port, authorization] of [
      [SERVICE_PORT, `Bearer ${tenant.apiKey}`],
      [FLOOR_PORT, `Bearer ${FLOOR_TOKEN}`],
    ])
      await autocannon({
        url: `http://127.0.0.1:${port}/endpoints?countPerPage=25`,
        connections: 8,
        duration: 2,
        headers: { authorization },
      });

    const rows = [];
    for (const scenario of scenarios(tenant, sampleIds, deepCursor)) {
      let slowestRps = Infinity;
      for (const connections of CONNECTIONS) {
        let authorization = `Bearer ${tenant.apiKey}`;
        if (scenario.auth === 'jwt')
          authorization = `Bearer ${(await call(base, 'POST', '/auth/credentials', { body: tenant.manager })).bearerToken}`;
        if (scenario.auth === 'basic') {
          authorization = basic;
          // The first Basic request runs scrypt once; the service remembers the verified credentials.
          await call(base, 'GET', '/endpoints?countPerPage=1', { headers: { authorization } });
        }
        // The service with the scenario's credentials; the floor with its one fixed token.
        const onService = (options) =>
          drive({
            pid: service.child.pid,
            port: SERVICE_PORT,
            authorization,
            scenario,
            nextNumber: serviceNumber,
            ...options,
          });
        const onFloor = (options) =>
          drive({
            pid: floor.child.pid,
            port: FLOOR_PORT,
            authorization: `Bearer ${FLOOR_TOKEN}`,
            scenario,
            nextNumber: floorNumber,
            ...options,
          });
        // One unrecorded round of each scenario first, so that no measurement includes compiling (JIT)
        // the code paths it is the first to reach: the buy path, an auth strategy, the count.
        if (connections === CONNECTIONS[0]) {
          const warm = [
            await onService({ connections: 8, duration: WARM_UP_SECONDS }),
            await onFloor({ connections: 8, duration: WARM_UP_SECONDS }),
          ];
          slowestRps = Math.min(...warm.map((w) => w.rps));
        }
        const duration = cellDuration(slowestRps, connections);
        // Service and floor take turns, so that a slower minute of a shared machine hits both alike;
        // each cell reports the median round. The floor has one fixed auth check: each buy row runs the
        // same floor buy again, in turn with its own rounds, rather than borrowing another row's
        // (measured minutes earlier, on a database that has grown since).
        const svcRounds = [];
        const floorRounds = [];
        for (let round = 0; round < ROUNDS; round++) {
          svcRounds.push(await onService({ connections, duration }));
          floorRounds.push(await onFloor({ connections, duration }));
        }
        const svc = median(svcRounds);
        const flr = median(floorRounds);
        const row = {
          database: kind,
          scenario: scenario.name,
          group: scenario.group,
          connections,
          durationSeconds: duration,
          service: svc,
          floor: flr,
        };
        rows.push(row);
        console.log(
          `   ${scenario.name.padEnd(34)} c=${String(connections).padEnd(3)} service ${svc.rps.toFixed(0).padStart(6)} req/s ` +
            `p50 ${svc.p50} p99 ${svc.p99} ms non2xx ${svc.non2xx} err ${svc.errors}` +
            ` | floor ${flr.rps.toFixed(0).padStart(6)} req/s p99 ${flr.p99} ms non2xx ${flr.non2xx + flr.errors} | ratio ${(svc.rps / flr.rps).toFixed(2)}` +
            ` | CPU µs/req ${svc.cpuUs?.toFixed(0)} vs ${flr.cpuUs?.toFixed(0)}` +
            // Each round's req/s, to show the spread behind the medians.
            ` | rounds ${svcRounds.map((r) => r.rps.toFixed(0)).join('/')} vs ${floorRounds.map((r) => r.rps.toFixed(0)).join('/')}`,
        );
        for (const failure of [...svc.failures, ...flr.failures]) console.log(`     not 2xx: ${failure}`);
      }
    }
    const result = {
      database: kind,
      rows,
      startupMs: { service: Math.round(service.startupMs), floor: Math.round(floor.startupMs) },
      rssMb: { service: await rssMb(service.child.pid), floor: await rssMb(floor.child.pid) },
    };
    await floor.stop();
    await service.stop();
    return result;
  } finally {
    if (kind === 'postgres') await dropPgDatabase(pgName);
    if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
  }
}

const began = Date.now();
const machine = {
  nproc: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  loadBefore: loadavg()
    .map((l) => l.toFixed(2))
    .join(' '),
  date: new Date().toISOString(),
};
console.log('building...');
execSync('npm run build', { stdio: 'ignore' });
const results = [];
for (const kind of DATABASES) results.push(await benchDatabase(kind));
machine.loadAfter = loadavg()
  .map((l) => l.toFixed(2))
  .join(' ');
machine.minutes = ((Date.now() - began) / 60_000).toFixed(1);
const report = {
  machine,
  serviceCommand: SERVICE.command,
  durationSeconds: DURATION,
  maxDurationSeconds: MAX_DURATION,
  warmUpSeconds: WARM_UP_SECONDS,
  rounds: ROUNDS,
  endpoints: ENDPOINT_COUNT,
  deepPage: DEEP_PAGE,
  results,
};
writeFileSync('bench/results.json', `${JSON.stringify(report, null, 2)}\n`);
writeFileSync('bench/results.svg', renderSvg(report));
writeFileSync('BENCHMARKS.md', renderMarkdown(report));
console.log(`\nwrote BENCHMARKS.md, bench/results.svg, bench/results.json (${machine.minutes} min)`);
