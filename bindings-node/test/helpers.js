'use strict';
// Shared setup for the node --test suite: emulators over real HTTP and clients that share
// their (virtual) clock.

const { Syncore, Emulator } = require('..');

/** A Syncore emulator on a virtual clock (a day of quota passes in milliseconds). */
async function virtualEmulator(options = {}) {
  return Emulator.start('syncore', { virtualClock: true, ...options });
}

/** A client of `emu` with a fresh memory ledger (it shares the emulator's clock). */
function clientOf(emu, options = {}) {
  return new Syncore({
    apiKey: emu.apiKey,
    userAgent: 'AcmeSync/1.0',
    baseUrl: emu.baseUrl,
    ledger: 'memory',
    ...options,
  });
}

/** The emulator's date `days` days ago (UTC), as YYYY-MM-DD. */
function dateBefore(emu, days) {
  return new Date(emu.now().getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

/** A write-shape address. */
const address = Object.freeze({
  firstName: 'Dana',
  lastName: 'Whitfield',
  address1: '12 Quay St',
  city: 'Portland',
  state: 'ME',
  zip: '04101',
  country: 'US',
});

/** A sales order body in write shape, camelCased. */
function salesOrder(orderNumber) {
  return {
    customerOrderNumber: orderNumber,
    description: 'Fleece hoodies, navy',
    status: 'Pending',
    billTo: { ...address },
    shipTo: { ...address },
  };
}

/** The largest number of `times` (ms) inside any half-open window `(t - windowMs, t]`. */
function maxInWindow(times, windowMs) {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** snake_case keys (as the shared vectors spell them) to camelCase, deeply. */
function camelize(value) {
  if (Array.isArray(value)) return value.map(camelize);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase()), camelize(v)]),
  );
}

/** Runs `fn` with a started emulator and stops it afterwards. */
async function withEmulator(options, fn) {
  const emu = await virtualEmulator(options);
  try {
    return await fn(emu);
  } finally {
    await emu.stop();
  }
}

/** The id a write returned, as a number. */
function idOf(written) {
  return Number(written.id);
}

module.exports = {
  virtualEmulator,
  clientOf,
  dateBefore,
  address,
  salesOrder,
  maxInWindow,
  camelize,
  withEmulator,
  idOf,
};
