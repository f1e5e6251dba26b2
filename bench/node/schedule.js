'use strict';
// Schedule efficiency: 5,000 order GETs and 300 sales-order creates at Syncore's real limits
// (90 a minute for each of orders GET and orders POST), by pacer and by fetch paced with
// Bottleneck. Finish time and 429s, side by side.
//
// Fairness:
// - Same server: each side gets a fresh in-process emulator with the real Syncore policy and
//   the same seed, so quota state never leaks from one run to the next.
// - Same clock: every emulator runs on a scaled clock (PACER_BENCH_SCALE, 60 by default, times
//   faster than real time, so 55 policy minutes pass in under a minute). pacer's client shares that clock; Bottleneck
//   is given the same limits divided by SCALE in real milliseconds, and Retry-After likewise.
// - Same work: one worker per kind of request on each side (PACER_BENCH_WORKERS to change),
//   each awaiting its call before the next, as in the Rust driver benchmark.
// - What scaling costs: real delays are multiplied by the scale too. An operating-system
//   preemption of 5 ms on a busy machine becomes 300 ms of policy time at ×60, more than the
//   250 ms latency margin pacer keeps on one-minute windows, so a few 429s can appear on either
//   side that real time would not produce; a quiet machine or a smaller scale shows fewer.
// - Same recovery: a 429 is retried after its Retry-After (pacer does this itself; the
//   Bottleneck worker waits and schedules the request again through its limiter).
// - Same measure: finish time is read from the emulator's log (virtual arrival time of the
//   last accepted request); the lower bound is what the policy allows at best:
//   floor((5000 - 1) / 90) minutes after the first read.
// Bottleneck knows nothing of daily limits; at these volumes (5,000 of 20,000 reads, 300 of
// 15,000 creates) they do not bind, so only the per-minute rates matter.

const Bottleneck = require('bottleneck');
const { Emulator, Syncore } = require('../../bindings-node');

const READS = 5_000;
/** Workers per kind of request on each side, each awaiting its call before the next. */
const WORKERS = Number(process.env.PACER_BENCH_WORKERS ?? 1);
const CREATES = 300;
const PER_MINUTE = 90;
const JOB = 30_390; // a recent job (the seeded jobs are numbered from 30001 by date)
const START = '2026-11-18T14:00:00Z';

const address = { first_name: 'Dana', last_name: 'Whitfield', address1: '12 Quay St', city: 'Portland', country: 'US' };

function body(i) {
  return { customer_order_number: `BENCH-${i}`, bill_to: address, ship_to: address };
}

/** A fresh emulator on a clock `scale` times faster than real time. */
function emulator(scale) {
  return Emulator.start('syncore', { clockScale: scale, start: START, jobs: 400 });
}

/** Finish time (virtual seconds from `start`) and 429 count, from the emulator's log. */
async function outcome(emu, start) {
  const log = await emu.requests();
  const accepted = log.filter((r) => r.status >= 200 && r.status < 300);
  const reads = accepted.filter((r) => r.method === 'GET').length;
  const creates = accepted.filter((r) => r.method === 'POST').length;
  if (reads !== READS || creates !== CREATES) throw new Error(`accepted ${reads} reads and ${creates} creates`);
  const last = Math.max(...accepted.map((r) => r.at.getTime()));
  return { finish: (last - start) / 1000, tooMany: log.filter((r) => r.status === 429).length };
}

async function runPacer(scale) {
  const emu = await emulator(scale);
  try {
    // The client shares the emulator's scaled clock: its quota waits are scaled too.
    const c = new Syncore({ apiKey: emu.apiKey, userAgent: 'pacer-bench/1.0', baseUrl: emu.baseUrl, clock: emu.clock, ledger: 'memory' });
    const start = emu.now().getTime();
    const t0 = performance.now();
    const addressJs = { firstName: 'Dana', lastName: 'Whitfield', address1: '12 Quay St', city: 'Portland', country: 'US' };
    await Promise.all([
      pool(READS, () => c.jobs.get(JOB)),
      pool(CREATES, (i) => c.salesOrders.create(JOB, { customerOrderNumber: `BENCH-${i}`, billTo: addressJs, shipTo: addressJs })),
    ]);
    return { ...(await outcome(emu, start)), real: (performance.now() - t0) / 1000 };
  } finally {
    await emu.stop();
  }
}

/** Runs `count` calls of `call(i)` with WORKERS workers, each awaiting its call before the next. */
async function pool(count, call) {
  let next = 0;
  const worker = async () => {
    while (next < count) await call(next++);
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One request paced by `limiter`, sent again through it after Retry-After on a 429. */
async function paced(limiter, request, scale) {
  for (;;) {
    const res = await limiter.schedule(request);
    const text = await res.text();
    if (res.status === 429) {
      const retryAfter = Number(res.headers.get('retry-after') ?? '1');
      await sleep((retryAfter * 1000) / scale);
      continue;
    }
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${text}`);
    return text;
  }
}

async function runBottleneck(scale, makeLimiter) {
  const emu = await emulator(scale);
  try {
    const headers = { 'x-api-key': emu.apiKey, 'user-agent': 'pacer-bench/1.0', accept: 'application/json' };
    const get = () => fetch(`${emu.baseUrl}/v2/orders/jobs/${JOB}`, { headers });
    const post = (i) =>
      fetch(`${emu.baseUrl}/v2/orders/jobs/${JOB}/salesorders`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body(i)),
      });
    const start = emu.now().getTime();
    const t0 = performance.now();
    const [reads, creates] = [makeLimiter(), makeLimiter()];
    await Promise.all([
      pool(READS, () => paced(reads, get, scale)),
      pool(CREATES, (i) => paced(creates, () => post(i), scale)),
    ]);
    return { ...(await outcome(emu, start)), real: (performance.now() - t0) / 1000 };
  } finally {
    await emu.stop();
  }
}

/** The best a client can do: the slowest kind needs floor((n - 1) / 90) full minutes. */
const LOWER_BOUND = Math.max(Math.floor((READS - 1) / PER_MINUTE), Math.floor((CREATES - 1) / PER_MINUTE)) * 60;

async function run({ scale = Number(process.env.PACER_BENCH_SCALE ?? 60) } = {}) {
  const minute = 60_000 / scale; // one policy minute in real milliseconds
  const configs = [
    ['pacer (defaults)', () => runPacer(scale)],
    ['Bottleneck minTime 60s/90', () => runBottleneck(scale, () => new Bottleneck({ minTime: minute / PER_MINUTE }))],
    [
      'Bottleneck minTime 60.25s/90',
      // The same 250 ms latency margin pacer adds to each one-minute window by default.
      () => runBottleneck(scale, () => new Bottleneck({ minTime: (minute * (60.25 / 60)) / PER_MINUTE })),
    ],
    [
      'Bottleneck reservoir 90/min',
      () =>
        runBottleneck(scale, () => new Bottleneck({ reservoir: PER_MINUTE, reservoirRefreshAmount: PER_MINUTE, reservoirRefreshInterval: minute })),
    ],
  ];
  console.log(
    `schedule efficiency: ${READS.toLocaleString('en-US')} order GETs + ${CREATES} sales-order creates, ${WORKERS} workers per kind, ` +
      `Syncore's limits (90/min each), clock scaled ×${scale} (1 ms of real latency jitter = ${scale} ms of policy time); lower bound ${LOWER_BOUND} s`,
  );
  const results = {};
  for (const [label, fn] of configs) {
    const r = await fn();
    results[label] = r;
    console.log(
      `  ${label.padEnd(30)} finish ${r.finish.toFixed(1).padStart(7)} s   finish / lower bound ${(r.finish / LOWER_BOUND).toFixed(4)}   ` +
        `429s: ${String(r.tooMany).padStart(4)}   (${r.real.toFixed(1)} s real)`,
    );
  }
  const pacer = results['pacer (defaults)'];
  for (const [label, r] of Object.entries(results)) {
    if (r === pacer) continue;
    console.log(`  ratio ${label} / pacer: finish ${(r.finish / pacer.finish).toFixed(3)}x, 429s ${r.tooMany} vs ${pacer.tooMany}`);
  }
  return results;
}

module.exports = { run };

if (require.main === module) {
  run().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
