'use strict';
// Throughput: iterate 10,000 jobs (1,000 pages of 10) from the emulator with pacer, and with
// fetch + JSON.parse making the same requests. The emulator runs in another process, so wall
// and CPU time are the client's own. Quota is raised on both sides (the emulator's spec and
// the client's) so that pacing does not dominate: this measures the driver, not the policy.

const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');
const { Syncore } = require('../../bindings-node');

const RECORDS = 10_000;
const PAGE = 10;

/** Raises the orders.GET limits far above what the benchmark sends (both sides use it). */
const NO_QUOTA = `
[quota.plans.standard]
windows = [
  { id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 10000000, period = "1m" },
  { id = "orders.GET.daily", group = "orders", method = "GET", kind = "calendar", limit = 100000000, period = "day", zones = ["-05:00", "America/New_York"] },
]`;

/** Starts the emulator in a child process and resolves with its address and key. */
function startServer(options) {
  const child = spawn(process.execPath, [path.join(__dirname, 'emulator-server.js'), JSON.stringify(options)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve({ child, ...JSON.parse(line) }));
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
}

function cpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Runs `fn` and returns [wall seconds, CPU seconds, its result]. */
async function measure(fn) {
  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  const result = await fn();
  return [(performance.now() - t0) / 1000, cpuSeconds() - cpu0, result];
}

async function withPacer(server, query) {
  const client = new Syncore({
    apiKey: server.apiKey,
    userAgent: 'pacer-bench/1.0',
    baseUrl: server.baseUrl,
    ledger: 'memory',
    specOverrides: NO_QUOTA,
  });
  let n = 0;
  let idSum = 0;
  for await (const job of client.jobs.search(query)) {
    idSum += job.id;
    if (++n === RECORDS) break;
  }
  return [n, idSum];
}

async function withFetch(server, query) {
  const headers = { 'x-api-key': server.apiKey, 'user-agent': 'pacer-bench/1.0', accept: 'application/json' };
  let n = 0;
  let idSum = 0;
  for (let page = 1; n < RECORDS; page++) {
    const url = `${server.baseUrl}/v2/orders/jobs?date_from=${query.dateFrom}&date_to=${query.dateTo}&page=${page}&count=${PAGE}`;
    const res = await fetch(url, { headers });
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
    const body = JSON.parse(await res.text());
    if (body.jobs.length === 0) break;
    for (const job of body.jobs) {
      idSum += job.id;
      if (++n === RECORDS) break;
    }
  }
  return [n, idSum];
}

/** Best of `rounds` alternating runs of each side; prints the figures and returns the ratio. */
async function run({ rounds = 3 } = {}) {
  const server = await startServer({ jobs: 11_500, specOverrides: NO_QUOTA, enforceQuota: true });
  try {
    // The emulator's newest 13 months hold the jobs; search all of them, stop at 10,000.
    const now = new Date(server.now);
    const from = new Date(now);
    from.setUTCMonth(from.getUTCMonth() - 13);
    from.setUTCDate(from.getUTCDate() + 2);
    const query = { dateFrom: from.toISOString().slice(0, 10), dateTo: now.toISOString().slice(0, 10) };
    const sides = { fetch: (q) => withFetch(server, q), pacer: (q) => withPacer(server, q) };
    const best = { fetch: [Infinity, Infinity], pacer: [Infinity, Infinity] };
    let check = null;
    for (const name of Object.keys(sides)) await sides[name](query); // warm up both
    for (let round = 0; round < rounds; round++) {
      for (const name of Object.keys(sides)) {
        const [wall, cpu, result] = await measure(() => sides[name](query));
        if (result[0] !== RECORDS) throw new Error(`${name} read ${result[0]} jobs, not ${RECORDS}`);
        if (check !== null && result[1] !== check) throw new Error(`${name} read different jobs`);
        check = result[1];
        best[name] = [Math.min(best[name][0], wall), Math.min(best[name][1], cpu)];
      }
    }
    const line = (name, label) =>
      `  ${label.padEnd(22)} ${best[name][0].toFixed(3)} s wall   ${best[name][1].toFixed(3)} s CPU   ` +
      `${((best[name][0] * 1e6) / (RECORDS / PAGE)).toFixed(0)} µs per page`;
    console.log(`throughput: ${RECORDS.toLocaleString('en-US')} jobs (${RECORDS / PAGE} pages of ${PAGE}), emulator in another process, quota raised on both sides, best of ${rounds}`);
    console.log(line('fetch', 'fetch + JSON.parse'));
    console.log(line('pacer', 'pacer'));
    const wallRatio = best.pacer[0] / best.fetch[0];
    const cpuRatio = best.pacer[1] / best.fetch[1];
    console.log(`  ratio pacer / fetch: ${wallRatio.toFixed(2)}x wall, ${cpuRatio.toFixed(2)}x CPU   (target ≤ 1.2x)`);
    return { wallRatio, cpuRatio };
  } finally {
    server.child.stdin.end();
  }
}

module.exports = { run };

if (require.main === module) {
  run().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
