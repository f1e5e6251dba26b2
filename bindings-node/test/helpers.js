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
    baseUrl: emu.baseUrl, clock: emu.clock,
    ledger: 'memory',
    ...options,
  });
}

// Dates come from the emulator's clock, which starts at the real time: the suite must pass on
// any date, so no test names a date unless it starts its emulator at an explicit `start`.

/** Local wall-clock time minus UTC, in ms, at `ms` in `zone` (`UTC`, `-05:00`, an IANA name). */
function zoneOffsetMs(zone, ms) {
  if (zone === 'UTC') return 0;
  const fixed = /^([+-])(\d\d):(\d\d)$/.exec(zone);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3])) * 60_000;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    }).formatToParts(new Date(ms)).map((p) => [p.type, Number(p.value)]),
  );
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(ms / 1000) * 1000;
}

/** The calendar date in `zone` at `ms`, as a UTC midnight Date (for date arithmetic). */
function localDate(zone, ms) {
  const wall = new Date(ms + zoneOffsetMs(zone, ms));
  return new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate()));
}

/**
 * The calendar date in New York (Syncore's zone for its 13-month search window) `days` days
 * before the emulator's now, as YYYY-MM-DD.
 */
function dateBefore(emu, days) {
  const today = localDate('America/New_York', emu.now().getTime());
  return new Date(today.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

/** The first local midnight in `zone` after `now`. */
function nextMidnight(now, zone) {
  const tomorrow = localDate(zone, now.getTime()).getTime() + 86_400_000; // as wall-clock ms
  let at = tomorrow - zoneOffsetMs(zone, tomorrow);
  at = tomorrow - zoneOffsetMs(zone, at); // the offset at midnight itself, across a DST change
  return new Date(at);
}

/** The zones Syncore's daily windows are read in (00:00 EST under both readings). */
const SYNCORE_DAY_ZONES = Object.freeze(['-05:00', 'America/New_York']);

/**
 * When a calendar day spent at `now` is back: a window read in several zones is spent while any
 * reading is, so the latest of their next midnights. For Syncore that is 05:00 UTC (midnight
 * EST), except between 04:00 and 05:00 UTC while New York keeps summer time, when New York's
 * day has just begun and runs until 04:00 UTC the next day. Salync's day: `['UTC']`.
 */
function dayResetsAt(now, zones = SYNCORE_DAY_ZONES) {
  return new Date(Math.max(...zones.map((zone) => nextMidnight(now, zone).getTime())));
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
  nextMidnight,
  dayResetsAt,
  SYNCORE_DAY_ZONES,
  address,
  salesOrder,
  maxInWindow,
  camelize,
  withEmulator,
  idOf,
};
