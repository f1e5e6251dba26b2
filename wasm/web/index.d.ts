// Types of the JS wasm package (`pacer-web`): the wasm-bindgen classes (`pkg/`, written by
// wasm-bindgen from the Rust declarations) and the error classes of `errors.js`, declared
// below from the error table by pacer-sdk-gen.

export { PacerClient, Ledger, PageWalk } from './pkg/pacer_web';

// BEGIN GENERATED ERRORS (pacer-sdk-gen; do not edit)
/** One rule broken by one field. */
export interface FieldError {
  /** The path as the API spells it, e.g. `bill_to.country` or `line_items[2].quantity`. */
  readonly field: string;
  /** The same path as this language spells record attributes: camelCase in JavaScript (`billTo.country`); in Python and WIT the API's spelling, equal to `field`. */
  readonly property: string;
  /** Stable rule name, e.g. `required`, `format.email`, `history_window`. */
  readonly rule: string;
  /** A sentence a person can act on. */
  readonly message: string;
}

/** The broad category of a `PacerError`. */
export type ErrorKind = 'validation' | 'quota' | 'api' | 'transport' | 'config' | 'webhook';

/** Every pacer failure: one flat error with a kind, a stable code and its context. */
export declare class PacerError extends Error {
  /** An error with the flat error's fields (by their JavaScript or core names); `PacerError.from` picks the class its `kind` names. */
  constructor(info: { kind: string; code: string; message: string; [field: string]: unknown });
  /** validation, quota, api, transport, config or webhook. */
  readonly kind: ErrorKind;
  /** A stable machine-readable code, e.g. validation_failed, quota_exhausted, http_404. */
  readonly code: string;
  /** The HTTP status, for api errors. */
  readonly status: number | null;
  /** The server's raw body, for api errors. */
  readonly body: string | null;
  /** Every field error (field, rule, message), for validation errors. */
  readonly errors: readonly FieldError[];
  /** How long to wait before trying again, in seconds. */
  readonly retryAfter: number | null;
  /** When the spent quota window resets. */
  readonly resetsAt: Date | null;
  /** The quota window and scope involved. */
  readonly scope: string | null;
  /** The error of the right class for a `toJSON()` copy (or any object with a `kind`); anything else is returned as it is. */
  static from<T>(value: T): PacerError | T;
  /** The error's fields as plain data. */
  toJSON(): Record<string, unknown>;
}
/** Bad input, caught before any request was sent or quota spent; `errors` lists every field error. */
export declare class ValidationError extends PacerError {}
/** A quota window is spent, or the wait for it is longer than allowed; see `resets_at`, `retry_after` and `scope`. */
export declare class QuotaError extends PacerError {}
/** The server answered with an error status; `status` and the raw `body` are kept. */
export declare class ApiError extends PacerError {}
/** The request could not be delivered, or its outcome is unknown (a write is then journaled). */
export declare class TransportError extends PacerError {}
/** The configuration is unusable (a missing credential, a bad URL or option, an unknown endpoint, a misused drive loop). */
export declare class ConfigError extends PacerError {}
/** A webhook delivery failed verification or parsing. */
export declare class WebhookError extends PacerError {}

/** The kinds of `PacerError`, in the error table's order. */
export declare const KINDS: readonly ErrorKind[];
// END GENERATED ERRORS
