'use strict';
/**
 * The JS wasm package's errors: one class per kind of the error table (`PacerError`, and
 * `ValidationError`, `QuotaError`, `ApiError`, `TransportError`, `ConfigError`, `WebhookError`
 * under it), named as in Python and Node, each with the table's fields: `kind`, a stable
 * `code`, and where they apply `status`, `body`, `errors` (field errors), `retryAfter`
 * (seconds), `resetsAt` (a Date) and `scope`. The table below is written by pacer-sdk-gen from
 * the descriptors, so a kind or field added in Rust reaches this package through the
 * generator only. The wasm module imports `fromCore` from this very file (not a bundled copy),
 * so what it throws is an instance of the classes `index.js` exports.
 * @module pacer-web/errors
 */

// BEGIN GENERATED ERRORS (pacer-sdk-gen; do not edit)
/** The base class of every pacer error. */
const BASE = "PacerError";
/** Each kind of the error table, the class it is raised as, and when it happens. */
const KIND_TABLE = [
  { kind: "validation", class: "ValidationError", doc: "Bad input, caught before any request was sent or quota spent; `errors` lists every field error." },
  { kind: "quota", class: "QuotaError", doc: "A quota window is spent, or the wait for it is longer than allowed; see `resets_at`, `retry_after` and `scope`." },
  { kind: "api", class: "ApiError", doc: "The server answered with an error status; `status` and the raw `body` are kept." },
  { kind: "transport", class: "TransportError", doc: "The request could not be delivered, or its outcome is unknown (a write is then journaled)." },
  { kind: "config", class: "ConfigError", doc: "The configuration is unusable (a missing credential, a bad URL or option, an unknown endpoint, a misused drive loop)." },
  { kind: "webhook", class: "WebhookError", doc: "A webhook delivery failed verification or parsing." },
];
/** Every field an error carries: its name in the core, in JavaScript, and its type. */
const FIELDS = [
  { name: "kind", js: "kind", type: "text" },
  { name: "code", js: "code", type: "text" },
  { name: "message", js: "message", type: "text" },
  { name: "status", js: "status", type: "int" },
  { name: "body", js: "body", type: "text" },
  { name: "errors", js: "errors", type: "field_errors" },
  { name: "retry_after", js: "retryAfter", type: "seconds" },
  { name: "resets_at", js: "resetsAt", type: "instant" },
  { name: "scope", js: "scope", type: "text" },
];
// END GENERATED ERRORS

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
const toDate = (v) => (v === null || v === undefined ? null : new Date(v));

/** Every pacer failure: one flat error with a kind, a stable code and its context. */
class PacerError extends Error {
  /** @param {object} info the flat error's fields, by their JavaScript (or core) names */
  constructor(info) {
    super(info.message);
    this.name = new.target.name;
    for (const { name, js, type } of FIELDS) {
      if (name === 'message') continue;
      const v = info[js] !== undefined ? info[js] : info[name];
      if (type === 'instant') this[js] = toDate(v);
      else if (type === 'field_errors') this[js] = Object.freeze((v ?? []).map((e) => Object.freeze({ ...e })));
      else this[js] = v ?? null;
    }
  }

  /** The error of the right class for a `toJSON()` copy or any object with a `kind` (others pass through). */
  static from(value) {
    if (value instanceof PacerError) return value;
    if (!isPlainObject(value) || typeof value.kind !== 'string') return value;
    return new (CLASSES[value.kind] ?? PacerError)(value);
  }

  /** The error's fields as plain data (`PacerError.from` turns it back into an error). */
  toJSON() {
    const out = { name: this.name, message: this.message };
    for (const { name, js } of FIELDS) if (name !== 'message') out[js] = this[js];
    return out;
  }
}

/** One subclass of `PacerError` per kind of the error table, by kind. */
const CLASSES = Object.fromEntries(
  KIND_TABLE.map(({ kind, class: name }) => [kind, { [name]: class extends PacerError {} }[name]]),
);
if (BASE !== PacerError.name) throw new Error(`the error table's base class is ${BASE}`);

/** The kinds of `PacerError`, in the error table's order. */
const KINDS = Object.freeze(KIND_TABLE.map((k) => k.kind));

/** For the wasm module: a core error's fields (snake_case, as `ErrorInfo` serializes) as the error of its kind's class. */
function fromCore(info) {
  return PacerError.from(info);
}

module.exports = {
  PacerError,
  ...Object.fromEntries(Object.values(CLASSES).map((c) => [c.name, c])),
  KINDS,
  fromCore,
};
