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
