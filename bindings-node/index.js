'use strict';
/**
 * pacer for Node.js: quota-aware clients of every provider pacer has a spec for, their
 * emulators and webhook helpers. This file only converts: options, resources, argument
 * binding, the error table and key spelling are the addon's (`pacer_sdk::surface`, shared by
 * every binding); here are JavaScript's idioms (classes, promises, async iterators, Dates).
 * @module pacer
 */

const util = require('node:util');
const native = require('./native.js');

/** Freezes a parsed JSON value deeply (the surface is shared by every caller). */
function deepFreeze(value) {
  if (value && typeof value === 'object') Object.values(value).forEach(deepFreeze);
  return Object.freeze(value);
}

/** The surface this binding presents, in JavaScript names: providers, options, records, errors. */
const surface = deepFreeze(JSON.parse(native.surface()));
const MARKER = native.errorMarker();
const NATIVE = Symbol('pacer.native');

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
const toDate = (v) => (v === null || v === undefined ? null : new Date(v));
/** Turns the named ISO-text fields of a record into `Date`s, in place. */
function reviveDates(record, keys) {
  for (const key of keys) if (key in record) record[key] = toDate(record[key]);
  return record;
}
/** A JSON array of records, each with its named fields as `Date`s. */
const datedList = (text, keys) => JSON.parse(text).map((r) => reviveDates(r, keys));

/**
 * Every pacer failure, carrying the error table's fields: `kind`, a stable `code`, and where
 * they apply `status`, `body`, `errors` (field errors), `retryAfter` (seconds), `resetsAt`
 * (a Date) and `scope`. Each kind has its subclass (`QuotaError`…), named as in Python.
 */
class PacerError extends Error {
  /** @param {object} info the flat error's fields, in JavaScript names */
  constructor(info) {
    super(info.message);
    this.name = new.target.name;
    for (const { name, type } of surface.errors.fields) {
      if (name === 'message') continue;
      const v = info[name];
      if (type === 'instant') this[name] = toDate(v);
      else if (type === 'field_errors') this[name] = Object.freeze((v ?? []).map((e) => Object.freeze({ ...e })));
      else this[name] = v ?? null;
    }
  }
  /** The error of the right class for a native failure or a `toJSON()` copy (others pass through). */
  static from(value) {
    if (value instanceof PacerError) return value;
    if (value instanceof Error && value.message.startsWith(MARKER)) value = JSON.parse(value.message.slice(MARKER.length));
    else if (!isPlainObject(value) || typeof value.kind !== 'string') return value;
    return new (ERROR_CLASSES[value.kind] ?? PacerError)(value);
  }
  /** The error's fields as plain data (`PacerError.from` turns it back into an error). */
  toJSON() {
    const out = { name: this.name, message: this.message };
    for (const { name } of surface.errors.fields) if (name !== 'message') out[name] = this[name];
    return out;
  }
}

/** One subclass of `PacerError` per kind of the error table, named by it. */
const ERROR_CLASSES = Object.fromEntries(
  surface.errors.kinds.map(({ kind, class: name }) => [kind, { [name]: class extends PacerError {} }[name]]),
);
/** The kinds of `PacerError`. */
const KINDS = Object.freeze(surface.errors.kinds.map((k) => k.kind));

/** Runs a synchronous native call, raising its failure as a `PacerError`. */
function sync(fn) {
  try { return fn(); } catch (err) { throw PacerError.from(err); }
}
/** Awaits a native promise, raising its failure as a `PacerError`. */
async function settle(promise) {
  try { return await promise; } catch (err) { throw PacerError.from(err); }
}

/** The records of a list, fetched page by page as `for await (const job of client.jobs.search(q))` asks. */
class RecordIterator {
  #pages;
  #buffer = [];
  #done = false;
  /** @param {object} pages the native page walk */
  constructor(pages) { this.#pages = pages; }
  /** The next page's records, or null at the end of the list. */
  async #nextPage() {
    if (this.#done) return null;
    const text = await settle(this.#pages.nextPage());
    if (text === null) this.#done = true;
    return text === null ? null : JSON.parse(text);
  }
  /** The next record; `{done: true}` at the end of the list. */
  async next() {
    while (this.#buffer.length === 0) {
      const page = await this.#nextPage();
      if (page === null) return { done: true, value: undefined };
      this.#buffer = page.reverse();
    }
    return { done: false, value: this.#buffer.pop() };
  }
  /** Stops the walk (a `break` out of `for await` calls this); no further page is fetched. */
  async return(value) {
    this.#done = true;
    this.#buffer = [];
    return { done: true, value };
  }
  /** The iterator itself, so it can be used in `for await`. */
  [Symbol.asyncIterator]() { return this; }
  /** The records of each page, one array per request. */
  async *pages() {
    const rest = this.#buffer.reverse();
    this.#buffer = [];
    if (rest.length > 0) yield rest;
    for (let page = await this.#nextPage(); page !== null; page = await this.#nextPage()) yield page;
  }
  /** Reads the whole list into an array (for small lists; prefer `for await` for large ones). */
  async toArray() {
    const out = [];
    for await (const record of this) out.push(record);
    return out;
  }
  /** Where the walk stands: `{page, seen, pages, total, done, endReason, truncated, ...}`. */
  get position() { return JSON.parse(sync(() => this.#pages.position())); }
  /** A short description for `util.inspect`. */
  [util.inspect.custom]() { const p = this.position; return `RecordIterator { pages: ${p.pages}, seen: ${p.seen}, done: ${p.done} }`; }
}

/** One method of a resource: ids first, then a query (list, get) or a body (write); the addon binds them. */
function makeAction(handle, { js_name: name, endpoint, kind }) {
  const args = (all) => {
    const object = isPlainObject(all.at(-1));
    return [endpoint, JSON.stringify(object ? all.slice(0, -1) : all), object ? JSON.stringify(all.at(-1)) : undefined];
  };
  const method = kind === 'list'
    ? (...all) => new RecordIterator(sync(() => handle.list(...args(all))))
    : async (...all) => JSON.parse(await settle(handle[kind](...args(all))));
  return Object.defineProperty(method, 'name', { value: name });
}

/** One resource of a provider (`client.jobs`, `client.salesOrders`…); its methods come from the spec. */
class Resource {
  /** @param {object} handle the native client @param {object} layout its layout in the spec */
  constructor(handle, layout) {
    Object.defineProperty(this, 'name', { value: layout.name, enumerable: true });
    Object.defineProperty(this, 'actions', { value: Object.freeze(layout.actions.map((a) => a.js_name)), enumerable: true });
    for (const a of layout.actions) Object.defineProperty(this, a.js_name, { value: makeAction(handle, a) });
    Object.freeze(this);
  }
  /** A short description for `util.inspect`. */
  [util.inspect.custom]() { return `Resource(${this.name}) { ${this.actions.join(', ')} }`; }
}

/** Quota state and forecasts of one client (`client.quota`). */
class Quota {
  #handle;
  /** @param {object} handle the native client */
  constructor(handle) { this.#handle = handle; }
  /** Every quota window: used, limit, remaining, when it resets, and which one binds. */
  async status() { return datedList(await settle(this.#handle.quotaStatus()), ['resetsAt', 'blockedUntil']); }
  /** When would a workload such as `{'orders.GET': 5000}` finish from now? Nothing is spent. */
  async plan(workload, options = {}) {
    const text = this.#handle.forecast(JSON.stringify(workload ?? null), options.waitForReset ?? undefined, options.horizonDays ?? undefined);
    const f = reviveDates(JSON.parse(await settle(text)), ['start', 'finish']);
    f.kinds.forEach((k) => reviveDates(k, ['firstAt', 'lastAt']));
    f.blocked.forEach((b) => reviveDates(b, ['resetsAt']));
    return f;
  }
  /** A short description for `util.inspect`. */
  [util.inspect.custom]() { return 'Quota { status(), plan(workload) }'; }
}

/** The clock a client runs on (`clock` option): an emulator's (`emu.clock`) or a setting's (`'emulator:URL'`, `'system'`). */
class Clock {
  /** @param {string|object} setting a clock setting (or, internally, a native clock) */
  constructor(setting) {
    const handle = typeof setting === 'string' ? sync(() => native.NativeClock.fromSetting(setting)) : setting;
    if (!(handle instanceof native.NativeClock)) throw new TypeError('new Clock(setting): setting must be a string');
    Object.defineProperty(this, NATIVE, { value: handle });
  }
  /** The clock's reading. */
  now() { return new Date(this[NATIVE].nowMs()); }
  /** What kind of clock this is, e.g. `virtual` or `real time`. */
  get description() { return this[NATIVE].description; }
  /** A short description for `util.inspect`. */
  [util.inspect.custom]() { return `Clock { ${this.description} }`; }
}

/** Journal entries from their JSON, with Dates. */
const journal = (text) => datedList(text, ['createdAt', 'updatedAt']);

/** Prefix of a token function's answer that reports its failure (the addon checks for it). */
const TOKEN_FAILURE = '\u0001pacer-token-error:';

/** The token provider as a function resolving to text always: a rejection must become a pacer error in the addon. */
function tokenFunction(provider) {
  if (typeof provider !== 'function') throw new TypeError('tokenProvider must be a function returning a token or a promise of one');
  return async () => {
    try {
      const token = await provider();
      return typeof token === 'string' && token.trim() !== '' ? token : `${TOKEN_FAILURE}the token provider returned no token`;
    } catch (err) {
      return `${TOKEN_FAILURE}${err && typeof err.message === 'string' ? err.message : String(err)}`;
    }
  };
}

/** A quota-aware client of one provider: its options (index.d.ts; seconds), its spec's resources as properties. */
class Client {
  /** @param {string} provider the provider's spec name @param {object} options its options */
  constructor(provider, options = {}) {
    if (!isPlainObject(options)) throw new TypeError('options must be an object');
    const { tokenProvider, clock, ...values } = options;
    // A clock object and a token function cannot cross as JSON; a clock setting (text) can.
    const clockHandle = clock instanceof Clock ? clock[NATIVE] : undefined;
    if (clockHandle === undefined) values.clock = clock;
    const tokens = tokenProvider == null ? undefined : tokenFunction(tokenProvider);
    const handle = sync(() => new native.NativeClient(String(provider), JSON.stringify(values), tokens, clockHandle));
    // The credential now lives only in the addon's redacted secret; nothing here keeps it.
    Object.defineProperty(this, NATIVE, { value: handle });
    Object.defineProperty(this, 'info', { value: deepFreeze(JSON.parse(handle.info())) });
    for (const r of JSON.parse(handle.layout()).resources) {
      if (r.js_attr in this) throw new TypeError(`resource ${r.js_attr} clashes with a client member`);
      Object.defineProperty(this, r.js_attr, { value: new Resource(handle, r) });
    }
    Object.defineProperty(this, 'quota', { value: new Quota(handle) });
  }
  /** The names of this client's resources. */
  get resources() { return Object.getOwnPropertyNames(this).filter((k) => this[k] instanceof Resource); }
  /** A resource by its JavaScript name, e.g. `salesOrders`. */
  resource(name) {
    if (this.resources.includes(name)) return this[name];
    throw new TypeError(`${this.info.displayName} has no resource ${name}`);
  }
  /** The client's clock reading (the `clock` it was given; real time by default). */
  now() { return new Date(this[NATIVE].nowMs()); }
  /** Writes whose outcome is not settled yet (pending or unknown). */
  async pendingWrites() { return this.writes(['pending', 'unknown']); }
  /** Journaled writes in any of `states` (all when omitted). */
  async writes(states = []) { return journal(await settle(this[NATIVE].writes(states))); }
  /** Settles writes whose outcome is unknown by looking each record up (`{resend: true}` sends again what never arrived). */
  async reconcilePending(options = {}) { return journal(await settle(this[NATIVE].reconcilePending(Boolean(options.resend)))); }
  /** What the client is configured with (never the credential). */
  toJSON() { return { ...this.info }; }
  /** A short description for `util.inspect` (never the credential). */
  [util.inspect.custom](depth, options, inspect = util.inspect) { return `${this.constructor.name} ${inspect(this.toJSON(), options)}`; }
}

/** One `Client` subclass per provider of the surface, named by its display name (`Syncore`…). */
const PROVIDERS = Object.fromEntries(
  surface.providers.map(({ name, displayName }) => [
    displayName,
    { [displayName]: class extends Client { constructor(options = {}) { super(name, options); } } }[displayName],
  ]),
);

/** Synq's order status machine (core's `OrderStatus`), checked locally: no request is sent. */
const orderStatus = Object.freeze({
  /** Every status, in the order of the documented flow. */
  values: Object.freeze(native.synqOrderStatuses()),
  /** The statuses an order in `status` may move to (none when terminal or unknown). */
  next: (status) => Object.freeze(native.synqNextStatuses(String(status))),
  /** Whether an order may move from `from` to `to`. */
  canBecome: (from, to) => native.synqNextStatuses(String(from)).includes(String(to)),
  /** Whether no transition leaves `status`. */
  isTerminal: (status) => native.synqNextStatuses(String(status)).length === 0,
  /** Throws a `ValidationError` (rule `transition`) unless an order may move from `from` to `to`. */
  checkTransition: (from, to) => sync(() => native.synqCheckTransition(String(from), String(to))),
});
Object.defineProperty(PROVIDERS.Synq, 'orderStatus', { value: orderStatus, enumerable: true });

/** The raw body of a webhook delivery as bytes (a string is taken as UTF-8). */
function rawBody(body) {
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  throw new TypeError('the raw body is a string, Buffer or Uint8Array (verify before parsing JSON)');
}

/** `[name, value]` pairs of a Fetch `Headers`, Node's `req.headers`, an object or pairs. */
function headerPairs(headers) {
  if (headers == null) return [];
  const pairs = typeof headers.entries === 'function' && !Array.isArray(headers) ? [...headers.entries()] : Array.isArray(headers) ? headers : Object.entries(headers);
  return pairs.filter(([, v]) => v != null).map(([k, v]) => [String(k), String(Array.isArray(v) ? v[0] : v)]);
}

/** A signature given as the header's value (text), or the request's headers to find it in. */
const signatureArg = (s) => (s == null ? undefined : typeof s === 'string' ? s : headerPairs(s));
/** A secret as the addon takes it (anything but text is refused there as an empty secret). */
const secretArg = (s) => (typeof s === 'string' ? s : '');

/** Receives Salync deliveries: verified with a secret (kept in the addon), parsed, each event handled once. */
class SalyncReceiver {
  #native;
  /** @param {{secret?: string}} [options] */
  constructor({ secret, ...rest } = {}) {
    // A misspelt `secret` would silently turn verification off.
    if (Object.keys(rest).length > 0) throw new TypeError(`unknown option(s): ${Object.keys(rest).join(', ')}`);
    this.#native = sync(() => new native.NativeSalyncReceiver(secret == null ? undefined : secretArg(secret)));
  }
  /** Whether deliveries are verified (a secret was given). */
  get verifies() { return this.#native.verifies; }
  /** Handles one POST: the event the first time, `null` for a redelivery; a `WebhookError` for a bad one. */
  receive(headers, body) {
    const text = sync(() => this.#native.receive(headerPairs(headers), rawBody(body)));
    return text === null ? null : JSON.parse(text);
  }
  /** What it is (never the secret). */
  toJSON() { return { verifies: this.verifies }; }
  /** A short description for `util.inspect` (never the secret). */
  [util.inspect.custom]() { return `SalyncReceiver { verifies: ${this.verifies} }`; }
}

/** Webhook helpers: HMAC-SHA256 signatures (compared in constant time), Synq and Salync events; `WebhookError`s. */
const webhooks = Object.freeze({
  /** Synq's signature header. */
  SYNQ_SIGNATURE_HEADER: native.synqSignatureHeader(),
  /** The signature header pacer assumes for Salync. */
  SALYNC_SIGNATURE_HEADER: native.salyncSignatureHeader(),
  /** The signature header value for `body`: `prefix` (none by default) then lowercase hex. */
  sign: (secret, body, prefix = '') => sync(() => native.webhookSign(secretArg(secret), rawBody(body), String(prefix))),
  /** Checks a signature (the header value, or the headers with `options.header`); true or a `WebhookError`. */
  verify(secret, body, signatureOrHeaders, options = {}) {
    sync(() => native.webhookVerify(secretArg(secret), rawBody(body), signatureArg(signatureOrHeaders), options.header ?? undefined, String(options.prefix ?? '')));
    return true;
  },
  /** Verifies a Synq delivery and parses its `{connectionId, event, data}` envelope. */
  synqEvent: (secret, body, signatureOrHeaders) =>
    JSON.parse(sync(() => native.synqWebhookEvent(secretArg(secret), rawBody(body), signatureArg(signatureOrHeaders)))),
  /** Parses a Salync delivery, verified when `options.secret` is given (`options.signature` or `options.headers`). */
  salyncEvent(body, options = {}) {
    const secret = options.secret == null ? undefined : secretArg(options.secret);
    const signature = signatureArg(options.signature ?? options.headers);
    return JSON.parse(sync(() => native.salyncWebhookEvent(secret, rawBody(body), signature)));
  },
  SalyncReceiver,
});

const UNIT_SECONDS = { days: 86_400, hours: 3_600, minutes: 60, seconds: 1, ms: 0.001 };

/** Seconds of a duration: a number of seconds, or `{days, hours, minutes, seconds, ms}`. */
function seconds(by) {
  if (typeof by === 'number') return by;
  if (!isPlainObject(by)) throw new TypeError('a duration is a number of seconds or {days, hours, minutes, seconds, ms}');
  return Object.entries(by).reduce((total, [unit, n]) => {
    if (!(unit in UNIT_SECONDS)) throw new TypeError(`unknown duration unit ${unit}`);
    return total + Number(n) * UNIT_SECONDS[unit];
  }, 0);
}

/** A local emulator of a provider's API over real HTTP: seeded data, quotas, a virtual clock, faults, a request log. */
class Emulator {
  #native;
  /** Use `Emulator.start()`. */
  constructor(handle) {
    if (!(handle instanceof native.NativeEmulator)) throw new TypeError('use `await Emulator.start(provider, options)`');
    this.#native = handle;
  }
  /** Starts an emulator of `provider` (`syncore` by default) on a free loopback port. */
  static async start(provider = 'syncore', options = {}) {
    if (isPlainObject(provider)) [provider, options] = ['syncore', provider];
    return new Emulator(await settle(native.startEmulator(String(provider), JSON.stringify(options ?? {}))));
  }
  /** The API's base URL, `http://127.0.0.1:PORT` (plus the provider's prefix). */
  get baseUrl() { return this.#native.baseUrl; }
  /** The server root `http://127.0.0.1:PORT`. */
  get rootUrl() { return sync(() => this.#native.rootUrl); }
  /** The emulated provider's spec name. */
  get provider() { return this.#native.provider; }
  /** The emulator's clock, to give a client (`clock: emu.clock`): its quota waits then move it. */
  get clock() { return new Clock(sync(() => this.#native.clock())); }
  /** `emulator:http://127.0.0.1:PORT`: follows this emulator's clock from another process. */
  get clockSetting() { return `emulator:${this.rootUrl}`; }
  /** The API key it accepts (a test key; kept out of `inspect` and `JSON.stringify`). */
  get apiKey() { return sync(() => this.#native.apiKey()); }
  /** The tenant id Synq requires (`tenantId` of `new Synq`). */
  get tenantId() { return sync(() => this.#native.tenantId()); }
  /** The organization id Synq requires (`orgId` of `new Synq`). */
  get orgId() { return sync(() => this.#native.orgId()); }
  /** The webhook secret (a test secret; kept out of `inspect` and `JSON.stringify`). */
  get webhookSecret() { return sync(() => this.#native.webhookSecret()); }
  /** Synq: a fresh bearer token valid for `ttl` (seconds or `{hours: 1}`, the default) of its clock. */
  issueToken(ttl = { hours: 1 }) { return sync(() => this.#native.issueToken(seconds(ttl))); }
  /** Salync (Pro plan): delivers every later webhook event to `url` (http on loopback). */
  async registerWebhook(url) { await settle(this.#native.registerWebhook(String(url))); }
  /** Salync (Pro plan): emits `event` (e.g. `channel.listing_error`) with `data`; returns its id. */
  async trigger(event, data = {}) { return settle(this.#native.trigger(String(event), JSON.stringify(data))); }
  /** Salync: every webhook delivery so far (attempts, status, body), in emission order. */
  async webhookDeliveries() { return datedList(await settle(this.#native.webhookDeliveries()), ['emittedAt']); }
  /** Synq: the inbound webhook events its `/unified/webhook` endpoint accepted. */
  async inboundWebhooks() { return JSON.parse(await settle(this.#native.inboundWebhooks())); }
  /** Salync: receives purchase order `id` into stock now (and emits `purchase_order.received`). */
  async receivePurchaseOrder(id) { return JSON.parse(await settle(this.#native.receivePurchaseOrder(String(id)))); }
  /** Synq: moves order `id` to `status` now, if the state machine allows it; returns the order. */
  async transitionOrder(id, status) { return JSON.parse(await settle(this.#native.transitionOrder(String(id), String(status)))); }
  /** The emulator's clock reading. */
  now() { return new Date(sync(() => this.#native.nowMs())); }
  /** Moves a virtual clock forward: `advance({hours: 24})` or `advance(seconds)`. */
  async advance(by) { await settle(this.#native.advance(seconds(by))); }
  /** Moves a virtual clock forward to `when` (never backwards). */
  async advanceTo(when) {
    const ahead = new Date(when).getTime() - this.now().getTime();
    if (ahead > 0) await this.advance(ahead / 1000);
  }
  /** Queues a fault (`drop_after_commit`, `status` with `status`, `delay` with `delayMs`…) for matching requests. */
  async injectFault(kind, options = {}) { await settle(this.#native.injectFault(JSON.stringify({ ...options, kind }))); }
  /** Removes every pending fault. */
  async clearFaults() { await settle(this.#native.clearFaults()); }
  /** Every request received (never the key), in arrival order. */
  async requests() { return datedList(await settle(this.#native.requests()), ['at']); }
  /** The state of every quota window now. */
  async usage() { return datedList(await settle(this.#native.usage()), ['resetsAt']); }
  /** Stops serving; later calls fail with `emulator_stopped`. */
  async stop() { await settle(this.#native.stop()); }
  /** What the emulator is (never its key). */
  toJSON() { return { provider: this.provider, baseUrl: this.baseUrl }; }
  /** A short description for `util.inspect` (never its key). */
  [util.inspect.custom]() { return `Emulator { provider: '${this.provider}', baseUrl: '${this.baseUrl}' }`; }
}

module.exports = {
  ...PROVIDERS, orderStatus, webhooks, SalyncReceiver, Client, Clock, Emulator, PacerError,
  ...Object.fromEntries(Object.values(ERROR_CLASSES).map((c) => [c.name, c])),
  RecordIterator, Resource, Quota, KINDS, surface, version: native.version(),
};
