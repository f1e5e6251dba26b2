'use strict';
/**
 * pacer for Node.js: quota-aware, policy-compliant clients for Syncore, Synq and Salync, their
 * emulators, and webhook helpers.
 *
 * This file is the JavaScript surface over the native addon: resource objects built from the
 * provider spec, async iteration over lists, `PacerError`, camelCase dates revived as `Date`.
 * Every call that can wait or touch the network runs in the addon, off the main thread.
 * @module pacer
 */

const util = require('node:util');
const native = require('./native.js');

const MARKER = native.errorMarker();

/** The kinds of `PacerError`, mapped to their subclasses below. */
const KINDS = ['validation', 'quota', 'api', 'transport', 'config', 'webhook'];

/**
 * Every pacer failure: `.kind` (validation, quota, api, transport, config, webhook), a stable
 * `.code`, and where they apply `.status`, `.body`, `.errors`, `.retryAfter` (seconds),
 * `.resetsAt` (Date) and `.scope`.
 */
class PacerError extends Error {
  /** @param {object} info the flat error's fields */
  constructor(info) {
    super(info.message);
    this.name = new.target.name;
    /** Broad category. */
    this.kind = info.kind;
    /** Stable machine-readable code, e.g. `validation_failed`, `quota_exhausted`, `not_found`. */
    this.code = info.code;
    /** HTTP status, when the server answered. */
    this.status = info.status ?? null;
    /** Raw response body, when the server answered. */
    this.body = info.body ?? null;
    /** Every field error: `{field, property, rule, message}`. */
    this.errors = (info.errors ?? []).map((e) => Object.freeze({ ...e }));
    /** Seconds to wait before trying again, when known. */
    this.retryAfter = info.retryAfter ?? null;
    /** When the exhausted window resets, when known. */
    this.resetsAt = info.resetsAt ? new Date(info.resetsAt) : null;
    /** The quota scope that refused, when relevant. */
    this.scope = info.scope ?? null;
  }

  /** The error's fields as plain data. */
  toJSON() {
    return {
      name: this.name,
      kind: this.kind,
      code: this.code,
      message: this.message,
      status: this.status,
      body: this.body,
      errors: this.errors,
      retryAfter: this.retryAfter,
      resetsAt: this.resetsAt,
      scope: this.scope,
    };
  }
}

/** Bad input, caught before any request or quota was spent. */
class ValidationError extends PacerError {}
/** A quota window is spent, or the wait for it is longer than allowed. */
class QuotaError extends PacerError {}
/** The server answered with an error status (`status` and `body` are kept verbatim). */
class ApiError extends PacerError {}
/** The request could not be delivered, or its outcome is unknown. */
class TransportError extends PacerError {}
/** The configuration is unusable. */
class ConfigError extends PacerError {}
/** A webhook delivery failed verification or parsing. */
class WebhookError extends PacerError {}

const ERROR_CLASSES = {
  validation: ValidationError,
  quota: QuotaError,
  api: ApiError,
  transport: TransportError,
  config: ConfigError,
  webhook: WebhookError,
};

/** Turns a native failure into a `PacerError` (other errors pass through). */
function convert(err) {
  if (err && typeof err.message === 'string' && err.message.startsWith(MARKER)) {
    const info = JSON.parse(err.message.slice(MARKER.length));
    const Class = ERROR_CLASSES[info.kind] ?? PacerError;
    return new Class(info);
  }
  return err;
}

/** Runs a synchronous native call, converting its failure. */
function sync(fn) {
  try {
    return fn();
  } catch (err) {
    throw convert(err);
  }
}

/** Awaits a native promise, converting its failure. */
async function settle(promise) {
  try {
    return await promise;
  } catch (err) {
    throw convert(err);
  }
}

/** A validation error raised in JavaScript (bad argument shapes), like the native ones. */
function argumentError(field, message) {
  return new ValidationError({
    kind: 'validation',
    code: 'validation_failed',
    message: `invalid input (1 problem): ${field}: ${message}`,
    errors: [{ field, property: field, rule: 'type', message }],
  });
}

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function objectJson(what, value) {
  if (value === undefined || value === null) return null;
  if (!isPlainObject(value)) throw argumentError(what, `${what} must be an object`);
  return JSON.stringify(value);
}

function toDate(value) {
  return value === null || value === undefined ? null : new Date(value);
}

function reviveDates(record, keys) {
  for (const key of keys) {
    if (key in record) record[key] = toDate(record[key]);
  }
  return record;
}

/**
 * The records of a list, fetched page by page as the loop asks for more:
 * `for await (const job of client.jobs.search({...}))`.
 */
class RecordIterator {
  #pages;
  #buffer = [];
  #index = 0;
  #done = false;

  /** @param {object} pages the native page walk */
  constructor(pages) {
    this.#pages = pages;
  }

  /** The next record; `{done: true}` at the end of the list. */
  async next() {
    while (this.#index >= this.#buffer.length) {
      if (this.#done) return { done: true, value: undefined };
      const text = await settle(this.#pages.nextPage());
      if (text === null) {
        this.#done = true;
        this.#buffer = [];
        this.#index = 0;
        return { done: true, value: undefined };
      }
      this.#buffer = JSON.parse(text);
      this.#index = 0;
    }
    return { done: false, value: this.#buffer[this.#index++] };
  }

  /** Stops the walk (a `break` out of `for await` calls this); no further page is fetched. */
  async return(value) {
    this.#done = true;
    this.#buffer = [];
    return { done: true, value };
  }

  /** The iterator itself, so it can be used in `for await`. */
  [Symbol.asyncIterator]() {
    return this;
  }

  /** The records of each page, one array per request. */
  async *pages() {
    const rest = this.#buffer.slice(this.#index);
    this.#buffer = [];
    this.#index = 0;
    if (rest.length > 0) yield rest;
    while (!this.#done) {
      const text = await settle(this.#pages.nextPage());
      if (text === null) {
        this.#done = true;
        return;
      }
      yield JSON.parse(text);
    }
  }

  /** Reads the whole list into an array (for small lists; prefer `for await` for large ones). */
  async toArray() {
    const out = [];
    for await (const record of this) out.push(record);
    return out;
  }

  /** Where the walk stands: `{page, seen, pages, total, done, endReason, ...}`. */
  get position() {
    return JSON.parse(sync(() => this.#pages.position()));
  }

  /** A short description for `util.inspect`. */
  [util.inspect.custom]() {
    const p = this.position;
    return `RecordIterator { pages: ${p.pages}, seen: ${p.seen}, done: ${p.done} }`;
  }
}

/** Builds one resource object (`client.jobs`) from its spec layout. */
function makeResource(client, jsName, layout) {
  const resource = Object.create(Resource.prototype);
  Object.defineProperty(resource, 'name', { value: layout.name, enumerable: true });
  Object.defineProperty(resource, 'actions', {
    value: Object.freeze(Object.keys(layout.actions)),
    enumerable: true,
  });
  for (const [action, spec] of Object.entries(layout.actions)) {
    Object.defineProperty(resource, action, {
      value: makeAction(client, `${jsName}.${action}`, spec),
      enumerable: false,
    });
  }
  return Object.freeze(resource);
}

/** One resource of a provider (`jobs`, `salesOrders`…); its methods come from the spec. */
class Resource {
  /** A short description for `util.inspect`. */
  [util.inspect.custom]() {
    return `Resource(${this.name}) { ${this.actions.join(', ')} }`;
  }
}

/** Builds one method: path parameters first (in path order), then the query or body. */
function makeAction(client, label, spec) {
  const params = spec.pathParams;
  const pathJson = (args) => {
    const path = {};
    params.forEach((name, i) => {
      if (args[i] !== undefined && args[i] !== null) path[name] = args[i];
    });
    return JSON.stringify(path);
  };
  const native = () => client[NATIVE];
  const tooMany = (args, extra) => {
    if (args.length > params.length + extra) {
      return new TypeError(
        `${label}() takes ${params.length ? `${params.join(', ')}` : 'no ids'}${extra ? ' and an object' : ''}`,
      );
    }
    return null;
  };
  switch (spec.kind) {
    case 'list':
      return function list(...args) {
        const bad = tooMany(args, 1);
        if (bad) throw bad;
        const query = objectJson('query', args[params.length]);
        const pages = sync(() => native().list(spec.endpoint, pathJson(args), query));
        return new RecordIterator(pages);
      };
    case 'get':
      return async function get(...args) {
        const bad = tooMany(args, 1);
        if (bad) throw bad;
        const query = objectJson('query', args[params.length]);
        return JSON.parse(await settle(native().get(spec.endpoint, pathJson(args), query)));
      };
    default:
      return async function write(...args) {
        const bad = tooMany(args, 1);
        if (bad) throw bad;
        const body = args[params.length];
        // Writes with a body schema need one; the others (archive, delete) take none, or an
        // optional object.
        const absent = body === undefined || body === null;
        if ((spec.takesBody || !absent) && !isPlainObject(body)) {
          throw argumentError('body', `${label}() needs a body object`);
        }
        const json = absent ? null : JSON.stringify(body);
        const text = await settle(native().write(spec.endpoint, pathJson(args), json));
        return JSON.parse(text);
      };
  }
}

const NATIVE = Symbol('pacer.native');

const JOURNAL_DATES = ['createdAt', 'updatedAt'];

/** Quota state and forecasts of one client (`client.quota`). */
class Quota {
  #client;

  /** @param {Client} client */
  constructor(client) {
    this.#client = client;
  }

  /** Every quota window: used, limit, remaining, when it resets, and which one binds. */
  async status() {
    const text = await settle(this.#client[NATIVE].quotaStatus());
    return JSON.parse(text).map((w) => reviveDates(w, ['resetsAt', 'blockedUntil']));
  }

  /**
   * When would a workload such as `{'orders.GET': 5000}` finish from now, and which window
   * binds? Nothing is spent.
   */
  async plan(workload, options = {}) {
    if (!isPlainObject(workload)) throw argumentError('workload', 'workload must be an object');
    const text = await settle(
      this.#client[NATIVE].forecast(
        JSON.stringify(workload),
        options.waitForReset ?? undefined,
        options.horizonDays ?? undefined,
      ),
    );
    const f = JSON.parse(text);
    reviveDates(f, ['start', 'finish']);
    f.kinds.forEach((k) => reviveDates(k, ['firstAt', 'lastAt']));
    f.blocked.forEach((b) => reviveDates(b, ['resetsAt']));
    return f;
  }

  /** A short description for `util.inspect`. */
  [util.inspect.custom]() {
    return 'Quota { status(), plan(workload) }';
  }
}

/**
 * The clock a client runs on: an emulator's (`emu.clock`, its virtual time in this process) or
 * one a setting names: `new Clock('emulator:http://127.0.0.1:PORT')` follows an emulator in
 * another process, `'lockstep:http://127.0.0.1:PORT'` joins its lockstep time, `'system'` is
 * real time. Give it, or the setting text, as a client's `clock` option.
 */
class Clock {
  /** @param {string|object} setting a clock setting (or, internally, a native clock) */
  constructor(setting) {
    const handle = typeof setting === 'string' ? sync(() => native.NativeClock.fromSetting(setting)) : setting;
    if (!(handle instanceof native.NativeClock)) throw new TypeError('new Clock(setting): setting must be a string');
    Object.defineProperty(this, NATIVE, { value: handle, enumerable: false });
  }

  /** The clock's reading. */
  now() {
    return new Date(this[NATIVE].nowMs());
  }

  /** What kind of clock this is, e.g. `virtual` or `real time`. */
  get description() {
    return this[NATIVE].description;
  }

  /** A short description for `util.inspect`. */
  [util.inspect.custom]() {
    return `Clock { ${this.description} }`;
  }
}

/** The native clock of a client's `clock` option (a `Clock` or a setting string). */
function clockHandle(clock) {
  if (clock === undefined || clock === null) return undefined;
  if (clock instanceof Clock) return clock[NATIVE];
  if (typeof clock === 'string') return new Clock(clock)[NATIVE];
  throw new TypeError('clock must be a Clock (e.g. emulator.clock) or a setting such as "emulator:http://127.0.0.1:PORT"');
}

/** Option keys passed to the addon as they are (`tokenProvider` and `clock` go beside them). */
const CLIENT_OPTIONS = [
  'apiKey', 'userAgent', 'baseUrl', 'ledger', 'specOverrides', 'account', 'plan', 'headerValues', 'egressIp', 'pageSize',
  'timeoutMs', 'connectTimeoutMs', 'maxWaitMs', 'waitForReset', 'rateMarginMs', 'maxAttempts',
  'retryBaseDelayMs', 'retryMaxDelayMs', 'dangerouslyAllowInsecureHttp',
];

/** Prefix of a token function's answer that reports its failure (the addon checks for it). */
const TOKEN_FAILURE = '\u0001pacer-token-error:';

/**
 * Wraps the caller's token provider so that it always resolves to a string: the addon waits
 * for the answer on one of its threads, and a rejected promise must become a pacer error
 * there, not an uncaught exception here.
 */
function tokenFunction(provider) {
  if (typeof provider !== 'function') {
    throw new TypeError('tokenProvider must be a function returning a token or a promise of one');
  }
  return async () => {
    try {
      const token = await provider();
      if (typeof token !== 'string' || token.trim() === '') {
        return `${TOKEN_FAILURE}the token provider returned no token`;
      }
      return token;
    } catch (err) {
      const message = err && typeof err.message === 'string' ? err.message : String(err);
      return `${TOKEN_FAILURE}${message}`;
    }
  };
}

/**
 * A quota-aware client of one provider. Resources are properties built from the provider's
 * spec (`client.jobs`, `client.salesOrders`…). `Syncore` is this class for Syncore.
 */
class Client {
  /**
   * @param {string} provider the provider's spec name, e.g. `syncore`
   * @param {object} options see `ClientOptions` in index.d.ts
   */
  constructor(provider, options = {}) {
    if (!isPlainObject(options)) throw new TypeError('options must be an object');
    const unknown = Object.keys(options).filter((k) => k !== 'tokenProvider' && k !== 'clock' && !CLIENT_OPTIONS.includes(k));
    if (unknown.length > 0) throw new TypeError(`unknown option(s): ${unknown.join(', ')}`);
    const opts = {};
    for (const key of CLIENT_OPTIONS) {
      if (options[key] !== undefined && options[key] !== null) opts[key] = options[key];
    }
    const tokens = options.tokenProvider == null ? undefined : tokenFunction(options.tokenProvider);
    const clock = clockHandle(options.clock);
    const handle = sync(() => new native.NativeClient(provider, opts, tokens, clock));
    // The key now lives only in the addon's redacted secret; nothing here keeps it.
    Object.defineProperty(this, NATIVE, { value: handle, enumerable: false });
    const layout = JSON.parse(handle.describe());
    Object.defineProperty(this, 'info', {
      value: Object.freeze({
        provider: layout.provider,
        displayName: layout.displayName,
        baseUrl: layout.baseUrl,
        userAgent: layout.userAgent,
        ledger: layout.ledger,
        clock: layout.clock,
      }),
      enumerable: false,
    });
    for (const [jsName, resource] of Object.entries(layout.resources)) {
      if (jsName in this) throw new TypeError(`resource ${jsName} clashes with a client member`);
      Object.defineProperty(this, jsName, {
        value: makeResource(this, jsName, resource),
        enumerable: false,
      });
    }
    Object.defineProperty(this, 'quota', { value: new Quota(this), enumerable: false });
  }

  /** The names of this client's resources. */
  get resources() {
    return Object.getOwnPropertyNames(this).filter((k) => this[k] instanceof Resource);
  }

  /** A resource by its JavaScript name, e.g. `salesOrders`. */
  resource(name) {
    const found = this.resources.includes(name) ? this[name] : undefined;
    if (!found) throw new TypeError(`${this.info.displayName} has no resource ${name}`);
    return found;
  }

  /** The client's clock reading (the `clock` it was given; real time by default). */
  now() {
    return new Date(this[NATIVE].nowMs());
  }

  /** Writes whose outcome is not settled yet (pending or unknown). */
  async pendingWrites() {
    return this.writes(['pending', 'unknown']);
  }

  /** Journaled writes in any of `states` (all when omitted). */
  async writes(states = []) {
    const text = await settle(this[NATIVE].writes(states));
    return JSON.parse(text).map((e) => reviveDates(e, JOURNAL_DATES));
  }

  /**
   * Settles writes whose outcome is unknown by looking each record up: found, it is
   * `reconciled`; proven absent, `not_applied` (or sent again with `{resend: true}`).
   */
  async reconcilePending(options = {}) {
    const text = await settle(this[NATIVE].reconcilePending(Boolean(options.resend)));
    return JSON.parse(text).map((e) => reviveDates(e, JOURNAL_DATES));
  }

  /** What the client is configured with (never the key). */
  toJSON() {
    return { ...this.info };
  }

  /** A short description for `util.inspect` (never the key). */
  [util.inspect.custom](depth, options, inspect = util.inspect) {
    return `${this.constructor.name} ${inspect(this.toJSON(), options)}`;
  }
}

/**
 * The Syncore API: `new Syncore({apiKey, userAgent, baseUrl, ledger})`, then
 * `client.jobs.search({dateFrom, dateTo})`, `client.salesOrders.create(jobId, {...})`.
 */
class Syncore extends Client {
  /** @param {object} options see `ClientOptions` in index.d.ts */
  constructor(options = {}) {
    super('syncore', options);
  }
}

/**
 * Synq's order status machine, checked locally (no request): `next('confirmed')` lists where
 * an order may go, `checkTransition(from, to)` throws a `ValidationError` on `status` (rule
 * `transition`) naming what is allowed.
 */
const orderStatus = Object.freeze({
  /** Every status, in the order of the documented flow. */
  values: Object.freeze(native.synqOrderStatuses()),
  /** The statuses an order in `status` may move to (none when terminal or unknown). */
  next: (status) => Object.freeze(native.synqNextStatuses(String(status))),
  /** Whether an order may move from `from` to `to`. */
  canBecome: (from, to) => native.synqNextStatuses(String(from)).includes(String(to)),
  /** Whether no transition leaves `status`. */
  isTerminal: (status) => native.synqNextStatuses(String(status)).length === 0,
  /** Throws a `ValidationError` unless an order may move from `from` to `to`. */
  checkTransition: (from, to) => sync(() => native.synqCheckTransition(String(from), String(to))),
});

/**
 * The Synq API: `new Synq({tokenProvider, tenantId, orgId, baseUrl})`, then
 * `synq.orders.list()`, `synq.orders.create({...})` (an idempotency key is added and reused on
 * retry), `synq.products.list()` (a capped array: see `position.truncated`).
 */
class Synq extends Client {
  /** @param {object} options see `SynqOptions` in index.d.ts */
  constructor(options = {}) {
    if (!isPlainObject(options)) throw new TypeError('options must be an object');
    const { token, tenantId, orgId, ...rest } = options;
    if ('apiKey' in rest) {
      throw new TypeError('Synq authenticates with `token` or `tokenProvider`, not `apiKey`');
    }
    if (token != null && rest.tokenProvider != null) {
      throw new TypeError('give Synq either `token` or `tokenProvider`, not both');
    }
    const headerValues = { ...(rest.headerValues ?? {}) };
    if (tenantId != null) headerValues.tenant_id = tenantId;
    if (orgId != null) headerValues.org_id = orgId;
    // The core names its configuration keys; a JavaScript caller should read the option it
    // left out.
    for (const [option, key, header] of [['tenantId', 'tenant_id', 'X-Tenant-ID'], ['orgId', 'org_id', 'X-Org-ID']]) {
      if (headerValues[key] == null || headerValues[key] === '') {
        throw new ConfigError({
          kind: 'config',
          code: 'missing_config',
          message: `Synq requires the \`${option}\` option (sent as the ${header} header)`,
        });
      }
    }
    super('synq', { ...rest, ...(token != null ? { apiKey: token } : {}), headerValues });
  }
}

/** Synq's order status machine (also exported as `orderStatus`). */
Object.defineProperty(Synq, 'orderStatus', { value: orderStatus, enumerable: true });

/**
 * The Salync API: `new Salync({apiKey, plan: 'growth'})`, then `salync.products.bySku(sku)`,
 * `salync.products.archive(id)`; a spent day fails at once with `quota_exhausted` and its
 * `resetsAt` (midnight UTC) unless `waitForReset` is set.
 */
class Salync extends Client {
  /** @param {object} options see `SalyncOptions` in index.d.ts */
  constructor(options = {}) {
    super('salync', options);
  }
}

/** The raw body of a webhook delivery as bytes (a string is taken as UTF-8). */
function rawBody(body) {
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  throw argumentError('body', 'the raw body is a string, Buffer or Uint8Array (verify before parsing JSON)');
}

/**
 * Header `name` (any case) among `headers`: a Fetch `Headers`, Node's `req.headers`, a plain
 * object or `[name, value]` pairs; undefined when absent.
 */
function headerValue(headers, name) {
  if (headers == null) return undefined;
  if (typeof headers.get === 'function' && !Array.isArray(headers)) {
    const v = headers.get(name);
    return v == null ? undefined : String(v);
  }
  const pairs = Array.isArray(headers) ? headers : Object.entries(headers);
  const wanted = name.toLowerCase();
  for (const [key, value] of pairs) {
    if (String(key).toLowerCase() === wanted && value != null) {
      return Array.isArray(value) ? String(value[0]) : String(value);
    }
  }
  return undefined;
}

/** `[name, value]` pairs of every header, for the addon. */
function headerPairs(headers) {
  if (headers == null) return [];
  if (typeof headers.entries === 'function' && typeof headers.get === 'function') {
    return [...headers.entries()].map(([k, v]) => [String(k), String(v)]);
  }
  const pairs = Array.isArray(headers) ? headers : Object.entries(headers);
  return pairs
    .filter(([, v]) => v != null)
    .map(([k, v]) => [String(k), Array.isArray(v) ? String(v[0]) : String(v)]);
}

/** A signature given directly (a string) or found in the request's headers. */
function signatureFrom(signatureOrHeaders, header) {
  if (signatureOrHeaders == null || typeof signatureOrHeaders === 'string') {
    return signatureOrHeaders ?? undefined;
  }
  return headerValue(signatureOrHeaders, header);
}

function secretArg(secret) {
  if (typeof secret !== 'string' || secret === '') {
    throw argumentError('secret', 'the webhook secret is a non-empty string');
  }
  return secret;
}

const SYNQ_SIGNATURE_HEADER = native.synqSignatureHeader();
const SALYNC_SIGNATURE_HEADER = native.salyncSignatureHeader();

/**
 * Receives Salync deliveries: verifies `X-Salync-Signature` when constructed with a secret,
 * parses the event (typed payload) and recognizes a redelivered event by id, so each event is
 * handled once. The secret stays in the addon.
 */
class SalyncReceiver {
  #native;

  /** @param {{secret?: string}} [options] */
  constructor(options = {}) {
    if (!isPlainObject(options)) throw new TypeError('options must be an object');
    const unknown = Object.keys(options).filter((k) => k !== 'secret');
    if (unknown.length > 0) throw new TypeError(`unknown option(s): ${unknown.join(', ')}`);
    const secret = options.secret == null ? undefined : secretArg(options.secret);
    this.#native = new native.NativeSalyncReceiver(secret);
  }

  /** Whether deliveries are verified (a secret was given). */
  get verifies() {
    return this.#native.verifies;
  }

  /**
   * Handles one POST: the event the first time, `null` for a redelivery (answer 200 either
   * way); throws a `WebhookError` for a bad delivery (answer 400 or 401).
   */
  receive(headers, body) {
    const text = sync(() => this.#native.receive(headerPairs(headers), rawBody(body)));
    return text === null ? null : JSON.parse(text);
  }

  /** What it is (never the secret). */
  toJSON() {
    return { verifies: this.verifies };
  }

  /** A short description for `util.inspect` (never the secret). */
  [util.inspect.custom]() {
    return `SalyncReceiver { verifies: ${this.verifies} }`;
  }
}

/**
 * Webhook helpers: signatures (HMAC-SHA256 of the raw body, compared in constant time), Synq
 * events, and Salync events and receivers. Failures are `WebhookError`s with codes
 * `signature_missing`, `signature_invalid` or `payload_invalid`.
 */
const webhooks = Object.freeze({
  /** Synq's signature header. */
  SYNQ_SIGNATURE_HEADER,
  /** The signature header pacer assumes for Salync. */
  SALYNC_SIGNATURE_HEADER,
  /** The signature header value for `body`: `prefix` (none by default) then lowercase hex. */
  sign(secret, body, prefix = '') {
    return native.webhookSign(secretArg(secret), rawBody(body), String(prefix));
  },
  /**
   * Checks a signature (the header value, or the request's headers with `options.header`)
   * against the raw body; returns true or throws a `WebhookError`.
   */
  verify(secret, body, signatureOrHeaders, options = {}) {
    const header = options.header ?? SYNQ_SIGNATURE_HEADER;
    const signature = signatureFrom(signatureOrHeaders, header);
    sync(() => native.webhookVerify(secretArg(secret), rawBody(body), signature, String(options.prefix ?? '')));
    return true;
  },
  /**
   * Verifies a Synq delivery (`X-Unified-Signature`, given as the header value or the
   * request's headers) and parses its `{connectionId, event, data}` envelope.
   */
  synqEvent(secret, body, signatureOrHeaders) {
    const signature = signatureFrom(signatureOrHeaders, SYNQ_SIGNATURE_HEADER);
    return JSON.parse(sync(() => native.synqWebhookEvent(secretArg(secret), rawBody(body), signature)));
  },
  /**
   * Parses a Salync delivery, verifying `X-Salync-Signature` when `options.secret` is given
   * (`options.signature` or `options.headers` carry it). Use a `SalyncReceiver` to also drop
   * redeliveries.
   */
  salyncEvent(body, options = {}) {
    const secret = options.secret == null ? undefined : secretArg(options.secret);
    const signature = options.signature ?? headerValue(options.headers, SALYNC_SIGNATURE_HEADER);
    return JSON.parse(sync(() => native.salyncWebhookEvent(secret, rawBody(body), signature)));
  },
  SalyncReceiver,
});

const DURATION_MS = { days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1_000, ms: 1 };

function durationMs(by) {
  if (typeof by === 'number') return by;
  if (!isPlainObject(by)) throw new TypeError('advance() takes {days, hours, minutes, seconds, ms}');
  let total = 0;
  for (const [key, value] of Object.entries(by)) {
    if (!(key in DURATION_MS)) throw new TypeError(`unknown duration unit ${key}`);
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${key} must be a number`);
    total += value * DURATION_MS[key];
  }
  return total;
}

const EMULATOR_OPTIONS = [
  'seed', 'virtualClock', 'clockScale', 'start', 'apiKey', 'registeredUserAgents', 'jobs',
  'specOverrides', 'enforceQuota', 'dayZone', 'port', 'plan', 'tenantId', 'orgId', 'webhookSecret',
];

const FAULT_OPTIONS = ['times', 'method', 'pathContains', 'status', 'delayMs', 'pageSize'];

/**
 * A stateful local emulator of a provider's API over real HTTP: seeded data, paging, quotas
 * with 429s, a virtual clock, fault injection and a log of what it received.
 */
class Emulator {
  #native;

  /** Use `Emulator.start()`. */
  constructor(handle) {
    if (!handle || typeof handle.nowMs !== 'function') {
      throw new TypeError('use `await Emulator.start(provider, options)`');
    }
    this.#native = handle;
  }

  /** Starts an emulator of `provider` (`syncore`, `synq` or `salync`) on a free loopback port. */
  static async start(provider = 'syncore', options = {}) {
    if (isPlainObject(provider) && options && Object.keys(options).length === 0) {
      options = provider;
      provider = 'syncore';
    }
    if (!isPlainObject(options)) throw new TypeError('options must be an object');
    const unknown = Object.keys(options).filter((k) => !EMULATOR_OPTIONS.includes(k));
    if (unknown.length > 0) throw new TypeError(`unknown option(s): ${unknown.join(', ')}`);
    const opts = {};
    for (const key of EMULATOR_OPTIONS) {
      const value = options[key];
      if (value === undefined || value === null) continue;
      opts[key] = key === 'start' && value instanceof Date ? value.toISOString() : value;
    }
    return new Emulator(await settle(native.startEmulator(provider, opts)));
  }

  /** `http://127.0.0.1:PORT`. */
  get baseUrl() {
    return this.#native.baseUrl;
  }

  /**
   * The emulator's clock, to give a client of it (`clock: emu.clock`): the client then runs on
   * the emulator's virtual time, and its quota waits move that clock instead of sleeping.
   */
  get clock() {
    return new Clock(sync(() => this.#native.clock()));
  }

  /** `emulator:http://127.0.0.1:PORT`: follows this emulator's clock from another process. */
  get clockSetting() {
    return `emulator:${this.rootUrl}`;
  }

  /** The API key it accepts (a test key; kept out of `inspect` and `JSON.stringify`). */
  get apiKey() {
    return sync(() => this.#native.apiKey());
  }

  /** The server root `http://127.0.0.1:PORT` (Salync's API is under `/v1` of it). */
  get rootUrl() {
    return sync(() => this.#native.rootUrl);
  }

  /** The tenant id Synq requires (`tenantId` of `new Synq`). */
  get tenantId() {
    return sync(() => this.#native.tenantId());
  }

  /** The organization id Synq requires (`orgId` of `new Synq`). */
  get orgId() {
    return sync(() => this.#native.orgId());
  }

  /** The webhook secret (a test secret; kept out of `inspect` and `JSON.stringify`). */
  get webhookSecret() {
    return sync(() => this.#native.webhookSecret());
  }

  /**
   * Synq: a fresh bearer token valid for `ttl` of the emulator's clock from now (an hour by
   * default), e.g. for a `tokenProvider`.
   */
  issueToken(ttl = { hours: 1 }) {
    return sync(() => this.#native.issueToken(durationMs(ttl)));
  }

  /** Salync (Pro plan): delivers every later webhook event to `url` (http on loopback). */
  async registerWebhook(url) {
    await settle(this.#native.registerWebhook(String(url)));
  }

  /** Salync (Pro plan): emits `event` (e.g. `channel.listing_error`) with `data`; returns its id. */
  async trigger(event, data = {}) {
    if (!isPlainObject(data)) throw argumentError('data', 'event data must be an object');
    return settle(this.#native.trigger(String(event), JSON.stringify(data)));
  }

  /** Salync: every webhook delivery so far (attempts, status, body), in emission order. */
  async webhookDeliveries() {
    const text = await settle(this.#native.webhookDeliveries());
    return JSON.parse(text).map((d) => reviveDates(d, ['emittedAt']));
  }

  /** Synq: the inbound webhook events its `/unified/webhook` endpoint accepted. */
  async inboundWebhooks() {
    return JSON.parse(await settle(this.#native.inboundWebhooks()));
  }

  /** Salync: receives purchase order `id` into stock now (and emits `purchase_order.received`). */
  async receivePurchaseOrder(id) {
    return JSON.parse(await settle(this.#native.receivePurchaseOrder(String(id))));
  }

  /** Synq: moves order `id` to `status` now, if the state machine allows it; returns the order. */
  async transitionOrder(id, status) {
    return JSON.parse(await settle(this.#native.transitionOrder(String(id), String(status))));
  }

  /** The emulator's clock reading. */
  now() {
    return new Date(sync(() => this.#native.nowMs()));
  }

  /** Moves a virtual clock forward: `advance({hours: 24})` or `advance(ms)`. */
  async advance(by) {
    await settle(this.#native.advance(durationMs(by)));
  }

  /** Moves a virtual clock forward to `when` (never backwards). */
  async advanceTo(when) {
    const target = new Date(when).getTime();
    const ahead = target - this.now().getTime();
    if (ahead > 0) await this.advance(ahead);
  }

  /**
   * Queues a fault for the next matching requests: `drop_after_commit`,
   * `drop_before_commit`, `status` (with `status`), `delay` (with `delayMs`) or `clamp_page`
   * (with `pageSize`); filters `method`, `pathContains`; `times` (1 by default).
   */
  async injectFault(kind, options = {}) {
    if (!isPlainObject(options)) throw new TypeError('options must be an object');
    const unknown = Object.keys(options).filter((k) => !FAULT_OPTIONS.includes(k));
    if (unknown.length > 0) throw new TypeError(`unknown fault option(s): ${unknown.join(', ')}`);
    await settle(this.#native.injectFault(JSON.stringify({ kind, ...options })));
  }

  /** Removes every pending fault. */
  async clearFaults() {
    await settle(this.#native.clearFaults());
  }

  /** Every request received (never the key), in arrival order. */
  async requests() {
    const text = await settle(this.#native.requests());
    return JSON.parse(text).map((r) => reviveDates(r, ['at']));
  }

  /** The state of every quota window now. */
  async usage() {
    const text = await settle(this.#native.usage());
    return JSON.parse(text).map((w) => reviveDates(w, ['resetsAt']));
  }

  /** Stops serving. */
  async stop() {
    await settle(this.#native.stop());
  }

  /** The emulated provider's spec name. */
  get provider() {
    return this.#native.provider;
  }

  /** What the emulator is (never its key). */
  toJSON() {
    return { provider: this.provider, baseUrl: this.baseUrl };
  }

  /** A short description for `util.inspect` (never its key). */
  [util.inspect.custom]() {
    return `Emulator { provider: '${this.provider}', baseUrl: '${this.baseUrl}' }`;
  }
}

module.exports = {
  Syncore,
  Synq,
  Salync,
  orderStatus,
  webhooks,
  SalyncReceiver,
  Client,
  Clock,
  Emulator,
  PacerError,
  ValidationError,
  QuotaError,
  ApiError,
  TransportError,
  ConfigError,
  WebhookError,
  RecordIterator,
  Resource,
  Quota,
  KINDS,
  version: native.version(),
};
