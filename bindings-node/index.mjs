/**
 * pacer as an ES module: `import { Syncore, Synq, Salync, Emulator, PacerError, webhooks } from 'pacer-sdk'`.
 * The same objects as `require('pacer-sdk')`.
 * @module pacer
 */
import pacer from './index.js';

/** The Syncore API client. */
export const Syncore = pacer.Syncore;
/** The Synq API client. */
export const Synq = pacer.Synq;
/** The Salync API client. */
export const Salync = pacer.Salync;
/** Synq's order status machine. */
export const orderStatus = pacer.orderStatus;
/** Webhook signatures and events. */
export const webhooks = pacer.webhooks;
/** A Salync webhook receiver that drops redeliveries. */
export const SalyncReceiver = pacer.SalyncReceiver;
/** A quota-aware client of any provider. */
export const Client = pacer.Client;
/** The clock a client runs on (an emulator's, or by setting). */
export const Clock = pacer.Clock;
/** The local emulator. */
export const Emulator = pacer.Emulator;
/** Every pacer failure. */
export const PacerError = pacer.PacerError;
/** Bad input, caught before anything was sent. */
export const ValidationError = pacer.ValidationError;
/** A spent quota window. */
export const QuotaError = pacer.QuotaError;
/** An error answer from the server. */
export const ApiError = pacer.ApiError;
/** A delivery failure or unknown outcome. */
export const TransportError = pacer.TransportError;
/** An unusable configuration. */
export const ConfigError = pacer.ConfigError;
/** A webhook failure. */
export const WebhookError = pacer.WebhookError;
/** The records of a list, page by page. */
export const RecordIterator = pacer.RecordIterator;
/** A resource of a provider. */
export const Resource = pacer.Resource;
/** Quota state and forecasts. */
export const Quota = pacer.Quota;
/** The kinds of `PacerError`. */
export const KINDS = pacer.KINDS;
/** The surface this binding presents (providers, options, records, the error table). */
export const surface = pacer.surface;
/** The package version. */
export const version = pacer.version;
export default pacer;
