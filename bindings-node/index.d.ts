/**
 * pacer for Node.js: quota-aware, policy-compliant clients for the Syncore order-management
 * API, Synq and Salync, local emulators of all three, and webhook helpers.
 *
 * Records are plain objects with camelCase keys. Every field is optional and may be `null`
 * (the API omits or nulls fields freely); fields pacer does not know are kept, camelCased too.
 * Money and quantities are numbers. Write bodies take camelCase keys (snake_case is accepted
 * too) and are sent in the API's snake_case.
 * @packageDocumentation
 */

// ---------------------------------------------------------------------------------------------
// Scalars

/** A record id as accepted in paths: a number, or its decimal text. */
export type Id = number | string;
/** An id that arrives as a number in some records and as text in others. */
export type LooseId = number | string;
/** An exact decimal amount (money, quantity) as a JavaScript number. */
export type Money = number;
/** A calendar date, `YYYY-MM-DD`. */
export type DateString = string;
/** A value of an open enum: the known values, or any other text the server sends. */
export type Open<T extends string> = T | (string & {});
/** A field as records carry it: absent, `null`, or a value. */
type F<T> = T | null | undefined;

/** Fields this version of pacer does not know, kept as sent (camelCased). */
export interface Extra {
  /** Any unknown field. */
  [field: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Enums

/** Job status; public sources disagree on the set, so unknown values are kept. */
export type JobStatus = Open<'Pending' | 'Submitted' | 'WIP' | 'Delivered' | 'Completed' | 'Closed'>;
/** Sales-order status. */
export type SalesOrderStatus = Open<'Pending' | 'Open' | 'Invoiced' | 'Paid'>;
/** Purchase-order status. */
export type PurchaseOrderStatus = Open<'Open' | 'Approved' | 'Posted Manually' | 'Posted @ease A/P' | 'Paid'>;
/** Whether a contact is a client or a prospect. */
export type ContactType = Open<'Client' | 'Prospect'>;
/** Line-item types a write accepts. */
export type LineTypeWrite =
  | 'Comment' | 'Pricing' | 'Color' | 'Size' | 'ProductComment' | 'DecorationMethod'
  | 'SetupCharge' | 'RunCharge' | 'DecorationLocation' | 'DecorationSize' | 'DesignName'
  | 'StitchCount' | 'DecorationColor' | 'DecorationVendor' | 'ColorAtImprint' | 'DecorationComment';
/** Line-item type as read: the documented set plus `Asi`; others are kept. */
export type LineType = Open<LineTypeWrite | 'Asi'>;

// ---------------------------------------------------------------------------------------------
// Records (reads)

/** A reference to another record by id and name. */
export interface Ref extends Extra {
  /** The referenced record's id. */
  id?: F<number>;
  /** Its display name. */
  name?: F<string>;
}

/** The client (a CRM contact) a job or sales order is for. */
export interface ClientRef extends Extra {
  /** Contact id. */
  id?: F<number>;
  /** Company name. */
  businessName?: F<string>;
  /** Person's name. */
  name?: F<string>;
  /** E-mail address. */
  email?: F<string>;
}

/** A sales rep; reads expose the name only, writes identify reps by e-mail. */
export interface RepRef extends Extra {
  /** Rep's name. */
  name?: F<string>;
  /** Rep's e-mail, when present. */
  email?: F<string>;
}

/** A supplier as embedded in line items and purchase orders. */
export interface SupplierRef extends Extra {
  /** Supplier id. */
  id?: F<number>;
  /** Supplier name. */
  name?: F<string>;
  /** Supplier type (tenant-defined). */
  type?: F<string>;
  /** Supplier class (tenant-defined label). */
  class?: F<string>;
  /** ASI number. */
  asiId?: F<LooseId>;
}

/** An address as reads return it: `name` and a country display name. */
export interface Address extends Extra {
  /** Company name. */
  businessName?: F<string>;
  /** Person's full name. */
  name?: F<string>;
  /** First name (some responses carry it). */
  firstName?: F<string>;
  /** Last name (some responses carry it). */
  lastName?: F<string>;
  /** Street line 1. */
  address1?: F<string>;
  /** Street line 2. */
  address2?: F<string>;
  /** City. */
  city?: F<string>;
  /** State or province. */
  state?: F<string>;
  /** Postal code. */
  zip?: F<string>;
  /** Country display name, e.g. "United States". */
  country?: F<string>;
  /** Phone. */
  phone?: F<string>;
  /** E-mail. */
  email?: F<string>;
}

/** A sales-order summary embedded in a job. */
export interface SalesOrderSummary extends Extra {
  /** Internal id (not the number). */
  id?: F<number>;
  /** Sequence within the job. */
  number?: F<number>;
  /** Status. */
  status?: F<SalesOrderStatus>;
  /** Total. */
  totalValue?: F<Money>;
}

/** A purchase-order summary embedded in a job. */
export interface PurchaseOrderSummary extends Extra {
  /** Internal id. */
  id?: F<number>;
  /** Sequence within the job. */
  number?: F<number>;
  /** Status. */
  status?: F<PurchaseOrderStatus>;
  /** Subtotal. */
  subTotalValue?: F<Money>;
  /** Tax. */
  taxValue?: F<Money>;
  /** Total. */
  totalValue?: F<Money>;
  /** Supplier. */
  supplier?: F<SupplierRef>;
}

/** A job: the container of one customer order (its id is the job number). */
export interface Job extends Extra {
  /** Job id, equal to the job number. */
  id?: F<number>;
  /** Store (store/program jobs). */
  store?: F<Ref>;
  /** Job class (e.g. Dropship, Store). */
  jobClass?: F<string>;
  /** Job type (e.g. "Store Order"). */
  jobType?: F<string>;
  /** Status. */
  status?: F<JobStatus>;
  /** Created date. */
  date?: F<string>;
  /** Estimated delivery date. */
  estimatedDeliveryDate?: F<string>;
  /** Completion date. */
  completedDate?: F<string>;
  /** Description. */
  description?: F<string>;
  /** Priority. */
  priority?: F<string>;
  /** Product index. */
  productIndex?: F<Ref>;
  /** Client contact. */
  client?: F<ClientRef>;
  /** Client group. */
  clientGroup?: F<Ref>;
  /** Primary rep (name only on reads). */
  primaryRep?: F<RepRef>;
  /** Secondary rep. */
  secondaryRep?: F<RepRef>;
  /** Customer-service rep's name. */
  customerServiceRepName?: F<string>;
  /** Commission split (its shape varies). */
  commissionSplit?: unknown;
  /** Sales-order summaries. */
  salesOrders?: F<SalesOrderSummary[]>;
  /** Purchase-order summaries. */
  purchaseOrders?: F<PurchaseOrderSummary[]>;
  /** Last modification time. */
  lastModifiedDate?: F<string>;
}

/** One line of a sales or purchase order; lines form a tree through `parentId`. */
export interface LineItem extends Extra {
  /** Line id. */
  lineId?: F<number>;
  /** Parent line id; 0 means top level. */
  parentId?: F<number>;
  /** Line type. */
  type?: F<LineType>;
  /** Description. */
  description?: F<string>;
  /** SKU; an empty string on colour and size lines. */
  sku?: F<string>;
  /** Internal product id; 0 is a placeholder. */
  productId?: F<number>;
  /** Quantity. */
  quantity?: F<Money>;
  /** Unit price. */
  priceValue?: F<Money>;
  /** Unit cost. */
  costValue?: F<Money>;
  /** Line total. */
  lineTotalValue?: F<Money>;
  /** Taxability. */
  taxability?: F<string>;
  /** Supplier. */
  supplier?: F<SupplierRef>;
  /** Whether the line is shown to the client (a boolean or a string). */
  visible?: F<boolean | string>;
  /** Whether it ships from stock. */
  fromStock?: F<boolean>;
}

/** A sales order of a job; its line items are embedded. */
export interface SalesOrder extends Extra {
  /** Internal id (not the number). */
  id?: F<number>;
  /** Sequence within the job. */
  number?: F<number>;
  /** The job's number. */
  jobNumber?: F<number>;
  /** Date. */
  date?: F<string>;
  /** Status. */
  status?: F<SalesOrderStatus>;
  /** Client. */
  client?: F<ClientRef>;
  /** Sold-to address. */
  soldTo?: F<Address>;
  /** Bill-to address. */
  billTo?: F<Address>;
  /** Ship-to address. */
  shipTo?: F<Address>;
  /** Lines. */
  lineItems?: F<LineItem[]>;
  /** The client's PO number. */
  customerOrderNumber?: F<string>;
  /** Client instructions. */
  customerInstructions?: F<string>;
  /** Description. */
  description?: F<string>;
  /** Subtotal. */
  subTotalValue?: F<Money>;
  /** Tax. */
  taxValue?: F<Money>;
  /** Total. */
  totalValue?: F<Money>;
  /** Invoice date. */
  invoiceDate?: F<string>;
  /** In-hand date. */
  inHandDate?: F<string>;
  /** Last modification time. */
  lastModifiedDate?: F<string>;
}

/** Supplier invoice details of a purchase order. */
export interface InvoiceDetails extends Extra {
  /** Supplier's invoice number. */
  supplierInvoiceNumber?: F<string>;
  /** Supplier's invoice date. */
  supplierInvoiceDate?: F<string>;
  /** Approval date (required to enter Approved). */
  approvalDate?: F<string>;
  /** Posting date (required to enter a Posted status). */
  postingDate?: F<string>;
}

/** A purchase order of a job. */
export interface PurchaseOrder extends Extra {
  /** Internal id. */
  id?: F<number>;
  /** Sequence within the job. */
  number?: F<number>;
  /** The job's number. */
  jobNumber?: F<number>;
  /** Date. */
  date?: F<string>;
  /** Status. */
  status?: F<PurchaseOrderStatus>;
  /** Last modification time. */
  lastModifiedDate?: F<string>;
  /** Supplier. */
  supplier?: F<SupplierRef>;
  /** Supplier's address. */
  supplierAddress?: F<Address>;
  /** Ship-to address. */
  shipTo?: F<Address>;
  /** Critical comments. */
  criticalComments?: F<string>;
  /** In-hand date (YYYY-MM-DD). */
  inHandDate?: F<string>;
  /** Ship via. */
  shipVia?: F<string>;
  /** FOB. */
  fob?: F<string>;
  /** Repeat order number. */
  repeatOrderNumber?: F<string>;
  /** Shipping instructions. */
  shippingAndInstructions?: F<string>;
  /** Decoration instructions. */
  decorationInstructions?: F<string>;
  /** CSR instructions copied from the sales order. */
  csrInstructionsFromSo?: F<string>;
  /** Lines. */
  lineItems?: F<LineItem[]>;
  /** Subtotal. */
  subTotalValue?: F<Money>;
  /** Tax. */
  taxValue?: F<Money>;
  /** Total. */
  totalValue?: F<Money>;
  /** Artwork charge. */
  artworkValue?: F<Money>;
  /** Freight. */
  freightValue?: F<Money>;
  /** Whether freight is taxable. */
  freightTaxable?: F<boolean>;
  /** Tax rate 1 in percent. */
  tax1Percentage?: F<Money>;
  /** Supplier invoice details. */
  invoiceDetails?: F<InvoiceDetails>;
}

/** A payment on a sales or purchase order. */
export interface Payment extends Extra {
  /** Payment id. */
  id?: F<number>;
  /** Date. */
  date?: F<string>;
  /** Amount. */
  amountValue?: F<Money>;
  /** Payment type. */
  paymentType?: F<Ref>;
  /** Card type, for card payments. */
  cardType?: F<Ref>;
  /** Adjustment type (bad debt, surcharge…). */
  adjustmentType?: F<Ref>;
  /** Reference (cheque number, transaction id). */
  reference?: F<string>;
  /** Notes. */
  notes?: F<string>;
}

/** A CRM contact (store/program or dropship; client or prospect). */
export interface Contact extends Extra {
  /** Contact id. */
  id?: F<number>;
  /** Company name. */
  businessName?: F<string>;
  /** First name. */
  firstName?: F<string>;
  /** Last name. */
  lastName?: F<string>;
  /** Full name. */
  name?: F<string>;
  /** E-mail. */
  email?: F<string>;
  /** Phone. */
  phone?: F<string>;
  /** Client or prospect. */
  type?: F<ContactType>;
  /** Client group (all contacts of one company share it). */
  clientGroup?: F<Ref>;
  /** Store, for store/program contacts. */
  store?: F<Ref>;
  /** Payment term. */
  paymentTerm?: F<Ref>;
  /** Billing address. */
  billingAddress?: F<Address>;
  /** Shipping address. */
  shippingAddress?: F<Address>;
  /** Created date. */
  createdDate?: F<string>;
}

/** A supplier from the supplier list. */
export interface Supplier extends Extra {
  /** Supplier id. */
  id?: F<number>;
  /** Name. */
  name?: F<string>;
  /** Type. */
  type?: F<string>;
  /** Class (tenant-defined label). */
  class?: F<string>;
  /** ASI number. */
  asiId?: F<LooseId>;
  /** E-mail. */
  email?: F<string>;
  /** Phone. */
  phone?: F<string>;
}

/** A product index (used when creating jobs). */
export interface ProductIndex extends Ref {}
/** A client group. */
export interface ClientGroup extends Ref {}
/** A credit-card type. */
export interface CardType extends Ref {}
/** A payment type. */
export interface PaymentType extends Ref {}
/** An adjustment type (Bad Debt, Credit Card Surcharge…). */
export interface AdjustmentType extends Ref {}

/** A payment term (used when creating contacts). */
export interface PaymentTerm extends Ref {
  /** Days until due. */
  days?: F<number>;
}

/** A commission code (used when creating jobs). */
export interface CommissionCode extends Ref {
  /** Code. */
  code?: F<string>;
  /** Dropship or store. */
  type?: F<string>;
}

// ---------------------------------------------------------------------------------------------
// Write bodies (validated before anything is sent; unknown fields pass through)

/** An address as writes take it: first and last name, ISO-2 country code. */
export interface AddressWrite extends Extra {
  /** First name. */
  firstName: string;
  /** Last name. */
  lastName: string;
  /** Company name (≤ 200). */
  businessName?: string;
  /** Street line 1. */
  address1: string;
  /** Street line 2. */
  address2?: string;
  /** City. */
  city: string;
  /** State or province. */
  state?: string;
  /** Postal code. */
  zip?: string;
  /** ISO 3166-1 alpha-2 country code, e.g. "US". */
  country: string;
  /** Phone. */
  phone?: string;
  /** E-mail. */
  email?: string;
}

/** A dropship contact to create or replace. */
export interface ContactWrite extends Extra {
  /** First name. */
  firstName: string;
  /** Last name. */
  lastName: string;
  /** Company name. */
  businessName?: string;
  /** E-mail (also how a lost create is found again). */
  email: string;
  /** Phone. */
  phone?: string;
  /** Client or prospect. */
  type?: 'Client' | 'Prospect';
  /** Client group id. */
  clientGroupId?: Id;
  /** Payment term id. */
  paymentTermId?: Id;
  /** Billing address. */
  billingAddress?: AddressWrite;
  /** Shipping address. */
  shippingAddress?: AddressWrite;
}

/** A store/program contact to create or replace. */
export interface StoreContactWrite extends ContactWrite {
  /** Store id. */
  storeId: Id;
}

/** A dropship job to create or replace (reps by e-mail). */
export interface JobWrite extends Extra {
  /** Client contact id. */
  clientId: Id;
  /** Description (≤ 500). */
  description: string;
  /** Primary rep's e-mail. */
  primaryRepEmail: string;
  /** Secondary rep's e-mail. */
  secondaryRepEmail?: string;
  /** Customer-service rep's e-mail. */
  csrEmail?: string;
  /** Product index id. */
  productIndexId?: Id;
  /** Commission code id. */
  commissionCodeId?: Id;
  /** Status. */
  status?: string;
  /** In-hand date. */
  inHandDate?: DateString;
  /** Estimated delivery date. */
  estimatedDeliveryDate?: DateString;
  /** The customer's PO number. */
  customerPo?: string;
}

/** A store/program job to create or replace. */
export interface StoreJobWrite extends JobWrite {
  /** Store id. */
  storeId: Id;
}

/** One line item to add or replace (no batch posting). */
export interface LineItemWrite extends Extra {
  /** Line type. */
  type: LineTypeWrite;
  /** Description. */
  description: string;
  /** Parent line id (0 or absent: top level). */
  parentId?: number;
  /** SKU. */
  sku?: string;
  /** Internal product id. */
  productId?: number;
  /** Quantity. */
  quantity?: Money;
  /** Unit price. */
  priceValue?: Money;
  /** Unit cost. */
  costValue?: Money;
  /** Taxability. */
  taxability?: string;
  /** Supplier id. */
  supplierId?: Id;
  /** Whether the line is shown to the client. */
  visible?: boolean;
  /** Whether it ships from stock. */
  fromStock?: boolean;
}

/** A sales order to create or replace (PUT replaces: send the whole record). */
export interface SalesOrderWrite extends Extra {
  /** Date. */
  date?: DateString;
  /** Status. */
  status?: 'Pending' | 'Open' | 'Invoiced' | 'Paid';
  /** Description. */
  description?: string;
  /** The client's PO number. */
  customerOrderNumber?: string;
  /** Client instructions. */
  customerInstructions?: string;
  /** In-hand date. */
  inHandDate?: DateString;
  /** Invoice date. */
  invoiceDate?: DateString;
  /** Sold-to address. */
  soldTo?: AddressWrite;
  /** Bill-to address. */
  billTo: AddressWrite;
  /** Ship-to address. */
  shipTo: AddressWrite;
  /** Lines. */
  lineItems?: LineItemWrite[];
}

/** A payment to add to a sales or purchase order. */
export interface PaymentWrite extends Extra {
  /** Amount (a number). */
  amountValue: Money;
  /** Date. */
  date: DateString;
  /** Payment type id. */
  paymentTypeId: Id;
  /** Card type id. */
  cardTypeId?: Id;
  /** Adjustment type id. */
  adjustmentTypeId?: Id;
  /** Reference. */
  reference?: string;
  /** Notes. */
  notes?: string;
}

/** Supplier invoice details of a purchase-order write. */
export interface InvoiceDetailsWrite extends Extra {
  /** Supplier's invoice number. */
  supplierInvoiceNumber?: string;
  /** Supplier's invoice date. */
  supplierInvoiceDate?: DateString;
  /** Approval date (required with status Approved). */
  approvalDate?: DateString;
  /** Posting date (required with a Posted status). */
  postingDate?: DateString;
}

/** A purchase order to create or replace (PUT replaces: start from a fresh GET). */
export interface PurchaseOrderWrite extends Extra {
  /** Supplier id. */
  supplierId: Id;
  /** Ship-to address. */
  shipTo?: AddressWrite;
  /** Critical comments. */
  criticalComments?: string;
  /** In-hand date. */
  inHandDate?: DateString;
  /** Ship via. */
  shipVia?: string;
  /** FOB. */
  fob?: string;
  /** Shipping instructions. */
  shippingAndInstructions?: string;
  /** Decoration instructions. */
  decorationInstructions?: string;
  /** Artwork charge. */
  artworkValue?: Money;
  /** Freight. */
  freightValue?: Money;
  /** Whether freight is taxable. */
  freightTaxable?: boolean;
  /** Tax rate 1 in percent. */
  tax1Percentage?: Money;
  /** Status. */
  status?: 'Open' | 'Approved' | 'Posted Manually' | 'Posted @ease A/P' | 'Paid';
  /** Supplier invoice details. */
  invoiceDetails?: InvoiceDetailsWrite;
  /** Lines. */
  lineItems?: LineItemWrite[];
}

// ---------------------------------------------------------------------------------------------
// Queries

/** Contact search (dates within the last 13 months). */
export interface ContactSearch {
  /** Client group id. */
  clientGroupId?: Id;
  /** Store id. */
  storeId?: Id;
  /** E-mail. */
  email?: string;
  /** Client or prospect. */
  type?: 'Client' | 'Prospect';
  /** First created date. */
  createdDateFrom?: DateString;
  /** Last created date. */
  createdDateTo?: DateString;
}

/** Job search: both dates required, at most 13 months back. */
export interface JobSearch {
  /** First creation date. */
  dateFrom: DateString;
  /** Last creation date. */
  dateTo: DateString;
  /** Job status. */
  status?: string;
  /** Client group id. */
  clientGroupId?: Id;
}

/** Cross-job sales-order search (dates or `YYYY-MM-DDTHH:MM:SS`). */
export interface SalesOrderSearch {
  /** First created date. */
  dateFrom?: string;
  /** Last created date. */
  dateTo?: string;
  /** First last-modified date. */
  lastModifiedDateFrom?: string;
  /** Last last-modified date. */
  lastModifiedDateTo?: string;
  /** First invoice date. */
  invoiceDateFrom?: string;
  /** Last invoice date. */
  invoiceDateTo?: string;
  /** First invoice-status date. */
  invoiceStatusDateFrom?: string;
  /** Last invoice-status date. */
  invoiceStatusDateTo?: string;
  /** Status. */
  status?: 'Pending' | 'Open' | 'Invoiced' | 'Paid';
}

/** Cross-job purchase-order search. */
export interface PurchaseOrderSearch {
  /** First created date. */
  dateFrom?: string;
  /** Last created date. */
  dateTo?: string;
  /** First last-modified date. */
  lastModifiedDateFrom?: string;
  /** Last last-modified date. */
  lastModifiedDateTo?: string;
  /** Status. */
  status?: 'Open' | 'Approved' | 'Posted Manually' | 'Posted @ease A/P' | 'Paid';
}

/** v1 job search. */
export interface V1JobSearch {
  /** First created date. */
  createdDateFrom?: DateString;
  /** Last created date. */
  createdDateTo?: DateString;
  /** Client group id. */
  clientGroupId?: Id;
  /** Status. */
  status?: string;
}

/** v1 contact search. */
export interface V1ContactSearch {
  /** First created date. */
  createdDateFrom?: DateString;
  /** Last created date. */
  createdDateTo?: DateString;
  /** Client group id. */
  clientGroupId?: Id;
  /** E-mail. */
  email?: string;
  /** State. */
  state?: string;
  /** Client or prospect. */
  clientOrProspect?: 'client' | 'prospect';
}

// ---------------------------------------------------------------------------------------------
// Results

/** The outcome of a create, update or other write. */
export interface Written<T = unknown> {
  /** Id of the created or updated record. */
  id: LooseId | null;
  /** Its location URL, when the server gave one. */
  location: string | null;
  /** True when the outcome was unknown and the record was found by a lookup. */
  reconciled: boolean;
  /** The journal entry of this write. */
  journalId: string;
  /**
   * The server's answer as a record (camelCased; null when it sent no body, e.g. after a
   * reconciled write): the created product, Synq's `{workflowId, runId}`…
   */
  record: T | null;
}

/** Where a journaled write stands. */
export type WriteState = 'pending' | 'done' | 'reconciled' | 'unknown' | 'not_applied' | 'failed';

/** One journaled write. */
export interface JournalEntry {
  /** Unique id of the intent. */
  id: string;
  /** Provider name. */
  provider: string;
  /** Endpoint name, e.g. `sales_orders.create`. */
  endpoint: string;
  /** Endpoint plus its path arguments. */
  scope: string;
  /** Path, query and body as sent (keys camelCased). */
  args: { path?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown };
  /** State. */
  state: WriteState;
  /** Times it was sent. */
  attempts: number;
  /** Id of the record it created or updated, once known. */
  resultId: string | null;
  /** Why it is in its state. */
  note: string | null;
  /** When it was recorded. */
  createdAt: Date;
  /** When it last changed. */
  updatedAt: Date;
}

/** One quota window's state. */
export interface WindowUsage {
  /** Window id, e.g. `orders.GET.daily`. */
  window: string;
  /** Scope description. */
  scope: string;
  /** `rate`, `daily` or `monthly`. */
  kind: string;
  /** Requests counted in the current period (rate: in the last interval). */
  used: number;
  /** The limit. */
  limit: number;
  /** Requests left before the limit (0 when spent or in overage). */
  remaining: number;
  /** When the period resets (rate: when the oldest counted request leaves the window). */
  resetsAt: Date | null;
  /** Overage pace per overage period, for calendar windows that have one. */
  overageLimit: number | null;
  /** Whether the window is spent and running at the overage pace. */
  inOverage: boolean;
  /** Server block in force, if any. */
  blockedUntil: Date | null;
  /** Whether this window limits the next request. */
  binding: boolean;
}

/** A request kind as workloads name it: `group.METHOD`, e.g. `orders.GET`. */
export type RequestKind = string;

/** The schedule of one kind of request within a forecast. */
export interface KindForecast {
  /** The request kind, e.g. `orders.GET`. */
  kind: RequestKind;
  /** Requests asked for. */
  requested: number;
  /** Requests the schedule could place. */
  scheduled: number;
  /** When the first one can be sent. */
  firstAt: Date | null;
  /** When the last one can be sent. */
  lastAt: Date | null;
}

/** A stream stopped by a spent window without overage. */
export interface BlockedKind {
  /** The kind that stopped. */
  kind: RequestKind;
  /** The spent window. */
  window: string;
  /** When it resets. */
  resetsAt: Date;
}

/** When a workload would finish, and which window binds. */
export interface Forecast {
  /** When the workload starts. */
  start: Date;
  /** When the last request can be sent; `null` when a stream is blocked. */
  finish: Date | null;
  /** Seconds from start to finish, when it completes. */
  durationSeconds: number | null;
  /** Per kind. */
  kinds: KindForecast[];
  /** The window responsible for the most waiting (or the one that blocked). */
  bindingWindow: string | null;
  /** Waiting attributed to each window (by window id), in seconds. */
  waitSeconds: Record<string, number>;
  /** Streams stopped by a spent window. */
  blocked: BlockedKind[];
}

/** Options of a forecast. */
export interface PlanOptions {
  /** Wait for spent calendar windows to reset (false: stop the stream there). */
  waitForReset?: boolean;
  /** Give up simulating beyond this many days (400 by default). */
  horizonDays?: number;
}

/** Where a list walk stands. */
export interface PagerPosition {
  /** Next page number to ask for. */
  page: number;
  /** Next offset to ask for (limit-offset paging). */
  offset: number;
  /** Next-page link to follow. */
  nextUrl: string | null;
  /** Records consumed so far. */
  seen: number;
  /** Pages consumed so far. */
  pages: number;
  /** Total the server announced, if any. */
  total: number | null;
  /** Whether the walk is over. */
  done: boolean;
  /** Why it ended. */
  endReason: string | null;
  /** Whether the server cut the list short. */
  truncated: boolean;
}

/** The records of a list, fetched page by page as a `for await` loop asks for more. */
export declare class RecordIterator<T> implements AsyncIterableIterator<T> {
  private constructor();
  /** The next record; `{done: true}` at the end of the list. */
  next(): Promise<IteratorResult<T, undefined>>;
  /** Stops the walk; no further page is fetched. */
  return(value?: unknown): Promise<IteratorResult<T, undefined>>;
  /** The iterator itself. */
  [Symbol.asyncIterator](): RecordIterator<T>;
  /** The records of each page, one array per request. */
  pages(): AsyncGenerator<T[], void, undefined>;
  /** Reads the whole list into an array. */
  toArray(): Promise<T[]>;
  /** Where the walk stands. */
  readonly position: PagerPosition;
}

// ---------------------------------------------------------------------------------------------
// Errors

/** The broad category of a `PacerError`. */
export type ErrorKind = 'validation' | 'quota' | 'api' | 'transport' | 'config' | 'webhook';

/** One rule broken by one field. */
export interface FieldError {
  /** The field's path as the API spells it, e.g. `bill_to.country` or `line_items[2].quantity`. */
  readonly field: string;
  /** The same path in JavaScript spelling, e.g. `billTo.country`. */
  readonly property: string;
  /** Stable rule name, e.g. `required`, `format.email`, `history_window`. */
  readonly rule: string;
  /** A sentence a person can act on. */
  readonly message: string;
}

/** Every pacer failure: one flat error with a kind, a stable code and its context. */
export declare class PacerError extends Error {
  /** Broad category. */
  readonly kind: ErrorKind;
  /** Stable machine-readable code, e.g. `validation_failed`, `quota_exhausted`, `not_found`. */
  readonly code: string;
  /** HTTP status, when the server answered. */
  readonly status: number | null;
  /** Raw response body, when the server answered. */
  readonly body: string | null;
  /** Every field error (validation). */
  readonly errors: readonly FieldError[];
  /** Seconds to wait before trying again, when known. */
  readonly retryAfter: number | null;
  /** When the exhausted window resets, when known. */
  readonly resetsAt: Date | null;
  /** The quota scope that refused, when relevant. */
  readonly scope: string | null;
  /** The error's fields as plain data. */
  toJSON(): Record<string, unknown>;
}
/** Bad input, caught before any request or quota was spent. */
export declare class ValidationError extends PacerError {}
/** A quota window is spent, or the wait for it is longer than allowed. */
export declare class QuotaError extends PacerError {}
/** The server answered with an error status. */
export declare class ApiError extends PacerError {}
/** The request could not be delivered, or its outcome is unknown. */
export declare class TransportError extends PacerError {}
/** The configuration is unusable. */
export declare class ConfigError extends PacerError {}
/** A webhook delivery failed verification or parsing. */
export declare class WebhookError extends PacerError {}

/** The kinds of `PacerError`. */
export declare const KINDS: readonly ErrorKind[];

// ---------------------------------------------------------------------------------------------
// The client

/**
 * Supplies a bearer token (Synq's expire after an hour). pacer calls it at first use and once
 * more when the server answers 401; a throw or rejection becomes a `ConfigError`
 * (`token_provider_failed`). It runs on the main thread while the call waits elsewhere.
 */
export type TokenProvider = () => string | Promise<string>;

/** How a client is configured. */
export interface ClientOptions {
  /** The API key (kept secret in the addon; never printed or logged). */
  apiKey?: string;
  /** A bearer-token provider, for providers whose tokens expire (instead of `apiKey`). */
  tokenProvider?: TokenProvider;
  /** The integration's registered User-Agent (Syncore requires one). */
  userAgent?: string;
  /** Base URL; Syncore's by default, an emulator's in tests (it then shares its clock). */
  baseUrl?: string;
  /** Quota ledger and write journal: `memory` or `sqlite:///path/ledger.db` (default: a SQLite file in ~/.local/share/pacer). */
  ledger?: string;
  /** TOML merged over the built-in spec (unconfirmed paths, quota windows). */
  specOverrides?: string;
  /** Quota account label (a fingerprint of the key by default). */
  account?: string;
  /** Quota plan name, for providers with several. */
  plan?: string;
  /** Values of the provider's configuration headers by key (Synq: `tenant_id`, `org_id`). */
  headerValues?: Record<string, string>;
  /** Egress IP label for per-IP windows (Synq); clients behind one NAT share a value. */
  egressIp?: string;
  /** Records per page for paged lists. */
  pageSize?: number;
  /** Whole-request timeout in milliseconds (30,000). */
  timeoutMs?: number;
  /** Connection timeout in milliseconds (10,000). */
  connectTimeoutMs?: number;
  /** Longest wait for rate and overage windows, in milliseconds (unlimited). */
  maxWaitMs?: number;
  /** Wait for a spent daily or monthly window to reset instead of failing at once. */
  waitForReset?: boolean;
  /** Safety margin on rate windows for network delay, in milliseconds (250). */
  rateMarginMs?: number;
  /** Attempts in total for reads, the first included (5). */
  maxAttempts?: number;
  /** First retry backoff in milliseconds, doubled each retry (500). */
  retryBaseDelayMs?: number;
  /** Largest retry backoff in milliseconds (30,000). */
  retryMaxDelayMs?: number;
  /** Allow plain HTTP to non-loopback hosts: sends the key unencrypted. Tests only. */
  dangerouslyAllowInsecureHttp?: boolean;
  /**
   * The clock (real time by default): `emu.clock` runs the client on an in-process emulator's
   * virtual time; a setting (`'emulator:http://127.0.0.1:PORT'`, `'lockstep:…'`, `'system'`).
   */
  clock?: Clock | string;
}

/** The clock a client runs on: an emulator's (`emu.clock`) or one a setting names. */
export declare class Clock {
  /** The clock a setting names: `system`, `emulator:http://127.0.0.1:PORT`, `lockstep:…`. */
  constructor(setting: string);
  /** The clock's reading. */
  now(): Date;
  /** What kind of clock this is, e.g. `virtual` or `real time`. */
  readonly description: string;
}

/** What a client is configured with (never the key). */
export interface ClientInfo {
  /** Provider name, e.g. `syncore`. */
  readonly provider: string;
  /** Provider name for people. */
  readonly displayName: string;
  /** Base URL. */
  readonly baseUrl: string;
  /** User-Agent sent. */
  readonly userAgent: string | null;
  /** Where quota state lives, e.g. `sqlite:/path/ledger.db` or `memory`. */
  readonly ledger: string;
  /** The clock: `real time`, `virtual`, `scaled ×60`. */
  readonly clock: string;
}

/** Options of `reconcilePending`. */
export interface ReconcileOptions {
  /** Send again a create that a lookup proved never happened. */
  resend?: boolean;
}

/** Quota state and forecasts of one client. */
export declare class Quota {
  private constructor();
  /** Every quota window: used, limit, remaining, when it resets, and which one binds. */
  status(): Promise<WindowUsage[]>;
  /** When would a workload such as `{'orders.GET': 5000}` finish from now? Nothing is spent. */
  plan(workload: Record<RequestKind, number>, options?: PlanOptions): Promise<Forecast>;
}

/** A resource of a provider; its methods come from the spec. */
export declare class Resource {
  private constructor();
  /** The spec's resource name, e.g. `sales_orders`. */
  readonly name: string;
  /** The actions it offers, e.g. `['list', 'get', 'create', 'update', 'search']`. */
  readonly actions: readonly string[];
}

/** A resource's generic methods, for providers used through `Client`. */
export interface GenericResource extends Resource {
  /** Any action: path ids first, then a query or body object. */
  [action: string]: unknown;
}

/** A quota-aware client of any provider; `Syncore` is this client for Syncore. */
export declare class Client {
  /** A client of `provider` (its spec name, e.g. `syncore`). */
  constructor(provider: string, options?: ClientOptions);
  /** What the client is configured with (never the key). */
  readonly info: ClientInfo;
  /** Quota state and forecasts. */
  readonly quota: Quota;
  /** The names of this client's resources. */
  readonly resources: string[];
  /** A resource by its JavaScript name, e.g. `salesOrders`. */
  resource(name: string): GenericResource;
  /** The client's clock reading (the emulator's virtual time when it runs on one). */
  now(): Date;
  /** Writes whose outcome is not settled yet (pending or unknown). */
  pendingWrites(): Promise<JournalEntry[]>;
  /** Journaled writes in any of `states` (all when omitted). */
  writes(states?: WriteState[]): Promise<JournalEntry[]>;
  /** Settles writes whose outcome is unknown by looking each record up. */
  reconcilePending(options?: ReconcileOptions): Promise<JournalEntry[]>;
  /** What the client is configured with (never the key). */
  toJSON(): ClientInfo;
}

/** Syncore contacts (store/program and dropship). */
export interface ContactsResource extends Resource {
  /** Contacts matching a search (dates within 13 months). */
  search(query?: ContactSearch): RecordIterator<Contact>;
  /** One contact. */
  get(contactId: Id): Promise<Contact>;
  /** Creates a dropship contact (journaled; never duplicated). */
  create(body: ContactWrite): Promise<Written>;
  /** Replaces a dropship contact (send the full record). */
  update(contactId: Id, body: ContactWrite): Promise<Written>;
}

/** Syncore store/program contacts. */
export interface StoreContactsResource extends Resource {
  /** Creates a store/program contact. */
  create(body: StoreContactWrite): Promise<Written>;
  /** Replaces a store/program contact. */
  update(contactId: Id, body: StoreContactWrite): Promise<Written>;
}

/** Syncore jobs. */
export interface JobsResource extends Resource {
  /** Jobs created between two dates (both required; newest 13 months only). */
  search(query: JobSearch): RecordIterator<Job>;
  /** One job (its id is the job number). */
  get(jobId: Id): Promise<Job>;
  /** Creates a dropship job. */
  create(body: JobWrite): Promise<Written>;
  /** Replaces a dropship job, including its status. */
  update(jobId: Id, body: JobWrite): Promise<Written>;
}

/** Syncore store/program jobs. */
export interface StoreJobsResource extends Resource {
  /** Creates a store/program job. */
  create(body: StoreJobWrite): Promise<Written>;
  /** Replaces a store/program job. */
  update(jobId: Id, body: StoreJobWrite): Promise<Written>;
}

/** Syncore sales orders (of one job, or searched across jobs). */
export interface SalesOrdersResource extends Resource {
  /** The sales orders of a job (line items embedded). */
  list(jobId: Id): RecordIterator<SalesOrder>;
  /** One sales order of a job. */
  get(jobId: Id, salesorderId: Id): Promise<SalesOrder>;
  /** Creates a sales order for a job (validated, journaled, never duplicated). */
  create(jobId: Id, body: SalesOrderWrite): Promise<Written>;
  /** Replaces a sales order, including its status. */
  update(jobId: Id, salesorderId: Id, body: SalesOrderWrite): Promise<Written>;
  /** Sales orders across jobs by created, last-modified, invoice dates and status. */
  search(query?: SalesOrderSearch): RecordIterator<SalesOrder>;
}

/** Sales orders across jobs. */
export interface AllSalesOrdersResource extends Resource {
  /** Sales orders across jobs by created, last-modified, invoice dates and status. */
  search(query?: SalesOrderSearch): RecordIterator<SalesOrder>;
}

/** The line items of one sales order. */
export interface SalesOrderLineItemsResource extends Resource {
  /** The line items of a sales order (a tree: parentId 0 is top level). */
  list(jobId: Id, salesorderId: Id): RecordIterator<LineItem>;
  /** One line item. */
  get(jobId: Id, salesorderId: Id, lineId: Id): Promise<LineItem>;
  /** Adds one line item. */
  create(jobId: Id, salesorderId: Id, body: LineItemWrite): Promise<Written>;
  /** Replaces one line item. */
  update(jobId: Id, salesorderId: Id, lineId: Id, body: LineItemWrite): Promise<Written>;
}

/** The payments of one sales order. */
export interface SalesOrderPaymentsResource extends Resource {
  /** The payments made to a sales order. */
  list(jobId: Id, salesorderId: Id): RecordIterator<Payment>;
  /** Adds a payment. */
  create(jobId: Id, salesorderId: Id, body: PaymentWrite): Promise<Written>;
}

/** Syncore purchase orders (of one job, or searched across jobs). */
export interface PurchaseOrdersResource extends Resource {
  /** The purchase orders of a job. */
  list(jobId: Id): RecordIterator<PurchaseOrder>;
  /** One purchase order, with its line items. */
  get(jobId: Id, purchaseorderId: Id): Promise<PurchaseOrder>;
  /** Creates a purchase order for a job. */
  create(jobId: Id, body: PurchaseOrderWrite): Promise<Written>;
  /** Replaces a purchase order (a partial body silently changes nothing). */
  update(jobId: Id, purchaseorderId: Id, body: PurchaseOrderWrite): Promise<Written>;
  /** Purchase orders across jobs by created or last-modified dates and status. */
  search(query?: PurchaseOrderSearch): RecordIterator<PurchaseOrder>;
}

/** Purchase orders across jobs. */
export interface AllPurchaseOrdersResource extends Resource {
  /** Purchase orders across jobs by created or last-modified dates and status. */
  search(query?: PurchaseOrderSearch): RecordIterator<PurchaseOrder>;
}

/** The line items of one purchase order. */
export interface PurchaseOrderLineItemsResource extends Resource {
  /** The line items of a purchase order. */
  list(jobId: Id, purchaseorderId: Id): RecordIterator<LineItem>;
  /** One line item. */
  get(jobId: Id, purchaseorderId: Id, lineId: Id): Promise<LineItem>;
  /** Replaces one line item. */
  update(jobId: Id, purchaseorderId: Id, lineId: Id, body: LineItemWrite): Promise<Written>;
}

/** The payments of one purchase order. */
export interface PurchaseOrderPaymentsResource extends Resource {
  /** The payments made to a purchase order. */
  list(jobId: Id, purchaseorderId: Id): RecordIterator<Payment>;
  /** Adds a payment. */
  create(jobId: Id, purchaseorderId: Id, body: PaymentWrite): Promise<Written>;
}

/** A supporting list (one call, every record). */
export interface ListResource<T> extends Resource {
  /** Every record. */
  list(): RecordIterator<T>;
}

/** A v1 search (read-only). */
export interface SearchResource<T, Q> extends Resource {
  /** Records matching the search. */
  search(query?: Q): RecordIterator<T>;
}

/** The Syncore API: every resource of the spec, paced within every window of its policy. */
export declare class Syncore extends Client {
  /** A Syncore client: `new Syncore({apiKey, userAgent, baseUrl, ledger})`. */
  constructor(options?: ClientOptions);
  /** Contacts: search, get, create and update (dropship). */
  readonly contacts: ContactsResource;
  /** Store/program contacts: create and update. */
  readonly storeContacts: StoreContactsResource;
  /** Jobs: search (date range required), get, create and update (dropship). */
  readonly jobs: JobsResource;
  /** Store/program jobs: create and update. */
  readonly storeJobs: StoreJobsResource;
  /** Sales orders: of one job (list, get, create, update) and across jobs (search). */
  readonly salesOrders: SalesOrdersResource;
  /** Sales orders across jobs (the same search as `salesOrders.search`). */
  readonly allSalesOrders: AllSalesOrdersResource;
  /** The line items of one sales order. */
  readonly salesOrderLineItems: SalesOrderLineItemsResource;
  /** The payments of one sales order. */
  readonly salesOrderPayments: SalesOrderPaymentsResource;
  /** Purchase orders: of one job (list, get, create, update) and across jobs (search). */
  readonly purchaseOrders: PurchaseOrdersResource;
  /** Purchase orders across jobs (the same search as `purchaseOrders.search`). */
  readonly allPurchaseOrders: AllPurchaseOrdersResource;
  /** The line items of one purchase order. */
  readonly purchaseOrderLineItems: PurchaseOrderLineItemsResource;
  /** The payments of one purchase order. */
  readonly purchaseOrderPayments: PurchaseOrderPaymentsResource;
  /** Commission codes (used to create jobs). */
  readonly commissionCodes: ListResource<CommissionCode>;
  /** Credit-card types. */
  readonly cardTypes: ListResource<CardType>;
  /** Payment types. */
  readonly paymentTypes: ListResource<PaymentType>;
  /** Payment terms (used to create contacts). */
  readonly paymentTerms: ListResource<PaymentTerm>;
  /** Adjustment types (bad debt, surcharges). */
  readonly adjustmentTypes: ListResource<AdjustmentType>;
  /** Suppliers (used for purchase orders). */
  readonly suppliers: ListResource<Supplier>;
  /** Product indices (used to create jobs). */
  readonly productIndices: ListResource<ProductIndex>;
  /** Client groups. */
  readonly clientGroups: ListResource<ClientGroup>;
  /** v1 job search (created date, client group, status). */
  readonly v1Jobs: SearchResource<Job, V1JobSearch>;
  /** v1 contact search (created date, client group, e-mail, state, client or prospect). */
  readonly v1Contacts: SearchResource<Contact, V1ContactSearch>;
}

// ---------------------------------------------------------------------------------------------
// Synq

/** Synq order status (`pending_payment → payment_authorized → confirmed → processing → …`). */
export type SynqOrderStatus = Open<
  | 'pending_payment'
  | 'payment_authorized'
  | 'confirmed'
  | 'processing'
  | 'partially_fulfilled'
  | 'fulfilled'
  | 'delivered'
  | 'completed'
  | 'return_requested'
  | 'partially_returned'
  | 'returned'
  | 'refunded'
  | 'partially_refunded'
  | 'cancelled'
  | 'failed'
>;

/** A Synq catalog product (lists return a light projection; `get` the full record). */
export interface SynqProduct extends Extra {
  /** Id (UUID). */
  id?: F<string>;
  /** Organization id. */
  orgId?: F<string>;
  /** Tenant id. */
  tenantId?: F<string>;
  /** Title. */
  title?: F<string>;
  /** Description. */
  description?: F<string>;
  /** Category label. */
  category?: F<string>;
  /** Status, e.g. ACTIVE. */
  status?: F<string>;
  /** Created at (RFC 3339). */
  createdAt?: F<string>;
  /** Updated at (RFC 3339). */
  updatedAt?: F<string>;
}

/** A Synq product variant. */
export interface SynqVariant extends Extra {
  /** Id (UUID). */
  id?: F<string>;
  /** Product id. */
  productId?: F<string>;
  /** SKU. */
  sku?: F<string>;
  /** Barcode. */
  barcode?: F<string>;
  /** Price (exact; Synq sends it as text). */
  price?: F<Money>;
  /** ISO 4217 currency. */
  currency?: F<string>;
  /** Option values. */
  optionValues?: unknown;
  /** Cost price. */
  costPrice?: F<Money>;
  /** Data-quality score. */
  dataQualityScore?: F<number>;
}

/** A Synq category (a tree through `parentId`). */
export interface SynqCategory extends Extra {
  /** Id. */
  id?: F<string>;
  /** Parent id; null at the top. */
  parentId?: F<string>;
  /** Name. */
  name?: F<string>;
  /** Unique slug. */
  slug?: F<string>;
  /** Description. */
  description?: F<string>;
  /** Created at. */
  createdAt?: F<string>;
  /** Updated at. */
  updatedAt?: F<string>;
}

/** A Synq brand. */
export interface SynqBrand extends Extra {
  /** Id. */
  id?: F<string>;
  /** Name. */
  name?: F<string>;
  /** Description. */
  description?: F<string>;
  /** Logo URL. */
  logoUrl?: F<string>;
}

/** A Synq product attribute. */
export interface SynqAttribute extends Extra {
  /** Id. */
  id?: F<string>;
  /** Name. */
  name?: F<string>;
  /** Slug. */
  slug?: F<string>;
  /** TEXT, NUMBER, BOOLEAN, DATE or SELECT. */
  type?: F<string>;
  /** Created at. */
  createdAt?: F<string>;
}

/** A named Synq record: an attribute group or a product template. */
export interface SynqNamed extends Extra {
  /** Id. */
  id?: F<string>;
  /** Name. */
  name?: F<string>;
  /** Description. */
  description?: F<string>;
}

/** A Synq product or variant image. */
export interface SynqMedia extends Extra {
  /** Id. */
  id?: F<string>;
  /** Product id. */
  productId?: F<string>;
  /** Variant id. */
  variantId?: F<string>;
  /** URL. */
  url?: F<string>;
  /** Alt text. */
  altText?: F<string>;
  /** Sort order. */
  sortOrder?: F<number>;
}

/** A Synq bulk import, update or delete job (poll the list to follow it). */
export interface SynqBulkJob extends Extra {
  /** Id. */
  id?: F<string>;
  /** BULK_IMPORT, BULK_UPDATE or BULK_DELETE. */
  jobType?: F<string>;
  /** PENDING, PROCESSING, COMPLETED or FAILED. */
  status?: F<string>;
  /** Items in the payload. */
  totalItems?: F<number>;
  /** Items processed so far. */
  processedItems?: F<number>;
  /** Created at. */
  createdAt?: F<string>;
}

/** One line of a Synq order. */
export interface SynqOrderItem extends Extra {
  /** Variant id. */
  variantId?: F<string>;
  /** Stock location id. */
  locationId?: F<string>;
  /** Quantity. */
  quantity?: F<number>;
  /** Unit price. */
  unitPrice?: F<Money>;
}

/** A Synq order. */
export interface SynqOrder extends Extra {
  /** Id (UUID). */
  id?: F<string>;
  /** Status; moves follow `orderStatus`. */
  status?: F<SynqOrderStatus>;
  /** ISO 4217 currency. */
  currency?: F<string>;
  /** Subtotal. */
  subtotal?: F<Money>;
  /** Discounts. */
  discountTotal?: F<Money>;
  /** Shipping. */
  shippingTotal?: F<Money>;
  /** Tax. */
  taxTotal?: F<Money>;
  /** Total. */
  total?: F<Money>;
  /** Payment status. */
  paymentStatus?: F<string>;
  /** Payment provider (e.g. stripe). */
  paymentProvider?: F<string>;
  /** Payment reference (e.g. pi_…). */
  paymentReference?: F<string>;
  /** Channel. */
  channel?: F<string>;
  /** Source platform. */
  sourcePlatform?: F<string>;
  /** The idempotency key it was created with. */
  idempotencyKey?: F<string>;
  /** Lines. */
  items?: F<SynqOrderItem[]>;
  /** Tags. */
  tags?: F<string[]>;
  /** Created at. */
  createdAt?: F<string>;
  /** Updated at. */
  updatedAt?: F<string>;
}

/** What a Synq order create answers: the order is created asynchronously by a workflow. */
export interface SynqOrderAccepted extends Extra {
  /** Workflow id (`oms-create-order-<idempotency key>`). */
  workflowId?: F<string>;
  /** Run id. */
  runId?: F<string>;
}

/** An immutable Synq stock-ledger entry. */
export interface SynqInventoryAdjustment extends Extra {
  /** Id. */
  id?: F<string>;
  /** Variant id. */
  variantId?: F<string>;
  /** Location id. */
  locationId?: F<string>;
  /** Signed change in stock. */
  quantityDelta?: F<number>;
  /** `adjustment` for API calls. */
  transactionType?: F<string>;
  /** Notes. */
  notes?: F<string>;
  /** Created at. */
  createdAt?: F<string>;
}

/** A Synq sales channel. */
export interface SynqChannel extends Extra {
  /** Id. */
  id?: F<string>;
  /** Name. */
  name?: F<string>;
  /** ISO 4217 currency. */
  currency?: F<string>;
  /** Whether it is active. */
  active?: F<boolean>;
  /** Created at. */
  createdAt?: F<string>;
}

/** A Synq connection to a commerce or accounting platform. */
export interface SynqConnection extends Extra {
  /** Id. */
  id?: F<string>;
  /** Unified.to connection id (the `connectionId` of webhook events). */
  unifiedConnectionId?: F<string>;
  /** Platform (shopify, woocommerce…). */
  provider?: F<string>;
  /** Status (ACTIVE). */
  status?: F<string>;
  /** Created at. */
  createdAt?: F<string>;
}

/** A Synq organization member. */
export interface SynqMember extends Extra {
  /** User id. */
  uid?: F<string>;
  /** E-mail. */
  email?: F<string>;
  /** Role. */
  role?: F<string>;
  /** active or invited. */
  status?: F<string>;
}

/** Synq tenant settings. */
export interface SynqTenantSettings extends Extra {
  /** Id. */
  id?: F<string>;
  /** HARD or SOFT. */
  inventoryAllocationModel?: F<string>;
  /** Automatic purchase orders. */
  autoPoEnabled?: F<boolean>;
  /** Default low-stock threshold. */
  defaultLowStockThreshold?: F<number>;
  /** WAC or FIFO. */
  costingMethod?: F<string>;
  /** Last changed by. */
  updatedBy?: F<string>;
  /** Updated at. */
  updatedAt?: F<string>;
}

/** A Synq audit-log entry. */
export interface SynqAuditEntry extends Extra {
  /** Id. */
  id?: F<string>;
  /** Who acted (`system` for automation). */
  actorEmail?: F<string>;
  /** PRODUCT_CREATED, ORDER_PLACED… */
  action?: F<string>;
  /** PRODUCT, ORDER… */
  entityType?: F<string>;
  /** The entity's id (may be empty). */
  entityId?: F<string>;
  /** Free-form details. */
  details?: unknown;
  /** Client IP. */
  ipAddress?: F<string>;
  /** When. */
  createdAt?: F<string>;
}

/** A Synq product to create or replace. */
export interface SynqProductWrite extends Extra {
  /** Title (required, ≤ 500). */
  title: string;
  /** Description. */
  description?: string;
  /** Category label (≤ 200). */
  category?: string;
}

/** A Synq variant to create. */
export interface SynqVariantWrite extends Extra {
  /** SKU (required, ≤ 100). */
  sku: string;
  /** Barcode. */
  barcode?: string;
  /** Price (required). */
  price: Money;
  /** ISO 4217 currency (required). */
  currency: string;
}

/** A Synq category to create. */
export interface SynqCategoryWrite extends Extra {
  /** Name (required). */
  name: string;
  /** Unique slug (required). */
  slug: string;
  /** Description. */
  description?: string;
  /** Parent category id (UUID). */
  parentId?: string;
}

/** A Synq brand to create. */
export interface SynqBrandWrite extends Extra {
  /** Name (required). */
  name: string;
  /** Description. */
  description?: string;
  /** Logo URL. */
  logoUrl?: string;
}

/** A Synq attribute to create. */
export interface SynqAttributeWrite extends Extra {
  /** Name (required). */
  name: string;
  /** Slug (required). */
  slug: string;
  /** Attribute type. */
  type?: 'TEXT' | 'NUMBER' | 'BOOLEAN' | 'DATE' | 'SELECT';
}

/** A Synq attribute group or template to create. */
export interface SynqNamedWrite extends Extra {
  /** Name (required). */
  name: string;
  /** Description. */
  description?: string;
}

/** A Synq media record to create. */
export interface SynqMediaWrite extends Extra {
  /** Product id (UUID, required). */
  productId: string;
  /** Variant id (UUID). */
  variantId?: string;
  /** URL (required). */
  url: string;
  /** Alt text. */
  altText?: string;
  /** Sort order (≥ 0). */
  sortOrder?: number;
}

/** A Synq bulk job to start. */
export interface SynqBulkJobWrite extends Extra {
  /** What it does (required). */
  jobType: 'BULK_IMPORT' | 'BULK_UPDATE' | 'BULK_DELETE';
  /** The records (required). */
  payload: unknown[];
}

/** One line of a Synq order to create. */
export interface SynqOrderLineWrite extends Extra {
  /** Variant id (UUID, required). */
  variantId: string;
  /** Stock location id (UUID, required). */
  locationId: string;
  /** Quantity (required, ≥ 1). */
  quantity: number;
  /** Unit price. */
  unitPrice?: Money;
}

/** A Synq order to create. */
export interface SynqOrderWrite extends Extra {
  /**
   * The idempotency key; pacer generates one per logical create when absent, journals it and
   * sends the same key on every retry, so a create is never applied twice.
   */
  idempotencyKey?: string;
  /** Payment provider, e.g. stripe (required). */
  paymentProvider: string;
  /** Payment reference, e.g. pi_… (required). */
  paymentReference: string;
  /** Sales channel id (UUID). */
  channelId?: string;
  /** ISO 4217 currency. */
  currency?: string;
  /** Lines (required). */
  items: SynqOrderLineWrite[];
}

/** A Synq stock adjustment. */
export interface SynqAdjustmentWrite extends Extra {
  /** Variant id (UUID, required). */
  variantId: string;
  /** Location id (UUID, required). */
  locationId: string;
  /** Signed change in stock (required). */
  quantityDelta: number;
  /** Notes. */
  notes?: string;
}

/** A Synq sales channel to create. */
export interface SynqChannelWrite extends Extra {
  /** Name (required). */
  name: string;
  /** ISO 4217 currency. */
  currency?: string;
  /** Whether it is active. */
  active?: boolean;
}

/** A Synq connection to register after the OAuth flow. */
export interface SynqCallbackWrite extends Extra {
  /** Unified.to connection id (required). */
  connectionId: string;
  /** commerce or accounting. */
  category?: 'commerce' | 'accounting';
  /** Platform. */
  provider?: string;
}

/** A Synq member invitation. */
export interface SynqInviteWrite extends Extra {
  /** E-mail (required). */
  email: string;
  /** Role (required). */
  role: 'ADMIN' | 'EDITOR' | 'VIEWER' | 'MEMBER';
}

/** Synq tenant settings (PUT replaces all four: send every field). */
export interface SynqSettingsWrite extends Extra {
  /** HARD or SOFT. */
  inventoryAllocationModel: 'HARD' | 'SOFT';
  /** Automatic purchase orders. */
  autoPoEnabled: boolean;
  /** Default low-stock threshold (≥ 0). */
  defaultLowStockThreshold: number;
  /** WAC or FIFO. */
  costingMethod: 'WAC' | 'FIFO';
}

/** Synq products: list (capped at 100: see `position.truncated`), get, create, update, delete. */
export interface SynqProductsResource extends Resource {
  /** The newest products; the server cuts the list at 100 (`position.truncated` says so). */
  list(): RecordIterator<SynqProduct>;
  /** One product with its full record. */
  get(productId: string): Promise<SynqProduct>;
  /** Creates a product. */
  create(body: SynqProductWrite): Promise<Written<SynqProduct>>;
  /** Replaces a product. */
  update(productId: string, body: SynqProductWrite): Promise<Written<SynqProduct>>;
  /** Deletes a product. */
  delete(productId: string): Promise<Written>;
}

/** The variants of one Synq product. */
export interface SynqProductVariantsResource extends Resource {
  /** Creates a variant of `productId`. */
  create(productId: string, body: SynqVariantWrite): Promise<Written<SynqVariant>>;
}

/** A Synq list with creation. */
export interface SynqListCreateResource<T, W> extends Resource {
  /** Every record (one request; the server answers the whole array). */
  list(): RecordIterator<T>;
  /** Creates a record. */
  create(body: W): Promise<Written<T>>;
}

/** Synq media filters. */
export interface SynqMediaQuery {
  /** Only this product's images. */
  productId?: string;
  /** Only this variant's images. */
  variantId?: string;
}

/** Synq media: list (by product or variant), create. */
export interface SynqMediaResource extends Resource {
  /** Images, optionally of one product or variant. */
  list(query?: SynqMediaQuery): RecordIterator<SynqMedia>;
  /** Creates a media record. */
  create(body: SynqMediaWrite): Promise<Written<SynqMedia>>;
}

/** Synq bulk job filters. */
export interface SynqBulkJobQuery {
  /** Only jobs of this type. */
  type?: 'BULK_IMPORT' | 'BULK_UPDATE' | 'BULK_DELETE';
}

/** Synq bulk jobs: list, create. */
export interface SynqBulkJobsResource extends Resource {
  /** Bulk jobs, optionally of one type. */
  list(query?: SynqBulkJobQuery): RecordIterator<SynqBulkJob>;
  /** Starts a bulk job. */
  create(body: SynqBulkJobWrite): Promise<Written<SynqBulkJob>>;
}

/** Synq catalog exports. */
export interface SynqExportsResource extends Resource {
  /** Starts an export (`{format}`); the answer is the server's JSON. */
  create(body: { format?: string; [field: string]: unknown }): Promise<Written>;
}

/** Synq orders: list (limit/offset, 100 a page), get, create (idempotent). */
export interface SynqOrdersResource extends Resource {
  /** Every order, page by page. */
  list(): RecordIterator<SynqOrder>;
  /** One order. */
  get(orderId: string): Promise<SynqOrder>;
  /**
   * Places an order (asynchronous: `record` holds the workflow ids). pacer adds an
   * idempotency key when none is given and reuses it on retry: one order, never two.
   */
  create(body: SynqOrderWrite): Promise<Written<SynqOrderAccepted>>;
}

/** Synq inventory. */
export interface SynqInventoryResource extends Resource {
  /** Records a stock adjustment. */
  adjust(body: SynqAdjustmentWrite): Promise<Written<SynqInventoryAdjustment>>;
}

/** Synq marketplace integrations. */
export interface SynqIntegrationsResource extends Resource {
  /** Asks for an OAuth URL (no documented fields; the answer is the server's JSON). */
  authUrl(body: Record<string, unknown>): Promise<Written>;
  /** Registers a connection after the OAuth flow. */
  callback(body: SynqCallbackWrite): Promise<Written<SynqConnection>>;
}

/** A Synq list without creation. */
export interface SynqListResource<T> extends Resource {
  /** Every record (one request; capped lists say so in `position.truncated`). */
  list(): RecordIterator<T>;
}

/** Synq organization members. */
export interface SynqMembersResource extends Resource {
  /** Members, active and invited. */
  list(): RecordIterator<SynqMember>;
  /** Invites a member (Admin only). */
  invite(body: SynqInviteWrite): Promise<Written>;
}

/** Synq tenant settings (one record, no id). */
export interface SynqTenantSettingsResource extends Resource {
  /** The settings. */
  get(): Promise<SynqTenantSettings>;
  /** Replaces the settings (send all four fields). */
  update(body: SynqSettingsWrite): Promise<Written<SynqTenantSettings>>;
}

/** How a Synq client is configured (`apiKey` is replaced by `token` or `tokenProvider`). */
export interface SynqOptions extends Omit<ClientOptions, 'apiKey'> {
  /** A static bearer token (it expires after an hour: prefer `tokenProvider`). */
  token?: string;
  /** Supplies fresh tokens: asked at first use and once more after a 401. */
  tokenProvider?: TokenProvider;
  /** The tenant every call is scoped to (`X-Tenant-ID`; required). */
  tenantId?: string;
  /** The organization every call is scoped to (`X-Org-ID`; required). */
  orgId?: string;
  /** Base URL (required: public documents name three hosts, none a safe default). */
  baseUrl?: string;
}

/** Synq's order status machine, checked locally. */
export interface OrderStatusMachine {
  /** Every status, in the order of the documented flow. */
  readonly values: readonly SynqOrderStatus[];
  /** The statuses an order in `status` may move to (none when terminal or unknown). */
  next(status: SynqOrderStatus): readonly SynqOrderStatus[];
  /** Whether an order may move from `from` to `to`. */
  canBecome(from: SynqOrderStatus, to: SynqOrderStatus): boolean;
  /** Whether no transition leaves `status` (completed orders may still be returned). */
  isTerminal(status: SynqOrderStatus): boolean;
  /** Throws a `ValidationError` (field `status`, rule `transition`) unless the move is allowed. */
  checkTransition(from: SynqOrderStatus, to: SynqOrderStatus): void;
}

/** Synq's order status machine (also `Synq.orderStatus`). */
export declare const orderStatus: OrderStatusMachine;

/**
 * The Synq API: bearer tokens from a provider, tenant and organization scope, a 100-a-minute
 * sliding window per egress IP (shared with other programs: `X-RateLimit-Remaining` corrects
 * it), idempotent orders, capped lists that say they were cut.
 */
export declare class Synq extends Client {
  /** A Synq client: `new Synq({tokenProvider, tenantId, orgId, baseUrl})`. */
  constructor(options?: SynqOptions);
  /** Synq's order status machine. */
  static readonly orderStatus: OrderStatusMachine;
  /** Catalog products. */
  readonly products: SynqProductsResource;
  /** The variants of one product. */
  readonly productVariants: SynqProductVariantsResource;
  /** Categories. */
  readonly categories: SynqListCreateResource<SynqCategory, SynqCategoryWrite>;
  /** Brands. */
  readonly brands: SynqListCreateResource<SynqBrand, SynqBrandWrite>;
  /** Attributes. */
  readonly attributes: SynqListCreateResource<SynqAttribute, SynqAttributeWrite>;
  /** Attribute groups. */
  readonly attributeGroups: SynqListCreateResource<SynqNamed, SynqNamedWrite>;
  /** Product templates. */
  readonly templates: SynqListCreateResource<SynqNamed, SynqNamedWrite>;
  /** Product and variant images. */
  readonly media: SynqMediaResource;
  /** Bulk import, update and delete jobs. */
  readonly bulkJobs: SynqBulkJobsResource;
  /** Catalog exports. */
  readonly exports: SynqExportsResource;
  /** Orders. */
  readonly orders: SynqOrdersResource;
  /** Inventory adjustments. */
  readonly inventory: SynqInventoryResource;
  /** Sales channels. */
  readonly channels: SynqListCreateResource<SynqChannel, SynqChannelWrite>;
  /** Marketplace integrations (OAuth). */
  readonly integrations: SynqIntegrationsResource;
  /** Connections to commerce and accounting platforms. */
  readonly connections: SynqListResource<SynqConnection>;
  /** Organization members. */
  readonly members: SynqMembersResource;
  /** Tenant settings. */
  readonly tenantSettings: SynqTenantSettingsResource;
  /** The audit log (capped at 50: see `position.truncated`). */
  readonly audit: SynqListResource<SynqAuditEntry>;
}

// ---------------------------------------------------------------------------------------------
// Salync

/** A Salync option type (Size, Colour…); a product has up to three. */
export interface SalyncOptionType extends Extra {
  /** Name. */
  name?: F<string>;
  /** Values. */
  values?: F<string[]>;
}

/** A Salync variant: one combination of option values. */
export interface SalyncVariant extends Extra {
  /** Id. */
  id?: F<string>;
  /** Product id. */
  productId?: F<string>;
  /** SKU. */
  sku?: F<string>;
  /** Option values by option name. */
  options?: F<Record<string, string>>;
  /** Barcode. */
  barcode?: F<string>;
  /** Cost price. */
  costPrice?: F<Money>;
  /** Selling price. */
  price?: F<Money>;
  /** Stock on hand. */
  stockOnHand?: F<number>;
  /** Whether it is archived. */
  archived?: F<boolean>;
}

/** A Salync product. */
export interface SalyncProduct extends Extra {
  /** Id. */
  id?: F<string>;
  /** Name. */
  name?: F<string>;
  /** SKU. */
  sku?: F<string>;
  /** Description. */
  description?: F<string>;
  /** Barcode. */
  barcode?: F<string>;
  /** Cost price (pre-fills purchase-order unit cost). */
  costPrice?: F<Money>;
  /** Selling price. */
  price?: F<Money>;
  /** Supplier id. */
  supplierId?: F<string>;
  /** Supplier's product code. */
  supplierReference?: F<string>;
  /** Alert below this stock. */
  lowStockThreshold?: F<number>;
  /** Stock on hand (summed over variants when it has them). */
  stockOnHand?: F<number>;
  /** Whether it is archived. */
  archived?: F<boolean>;
  /** Up to three option types. */
  optionTypes?: F<SalyncOptionType[]>;
  /** Variants. */
  variants?: F<SalyncVariant[]>;
  /** Created at. */
  createdAt?: F<string>;
  /** Updated at. */
  updatedAt?: F<string>;
}

/** The stock level of a Salync product or variant. */
export interface SalyncStockLevel extends Extra {
  /** Product id. */
  productId?: F<string>;
  /** Variant id, for variant stock. */
  variantId?: F<string>;
  /** SKU. */
  sku?: F<string>;
  /** Stock on hand. */
  stockOnHand?: F<number>;
  /** Low-stock threshold. */
  lowStockThreshold?: F<number>;
  /** Whether it is below the threshold. */
  lowStock?: F<boolean>;
}

/** Salync stock adjustment types. */
export type SalyncAdjustmentType = Open<'sale' | 'po_receipt' | 'manual' | 'write_off' | 'transfer'>;

/** A Salync stock adjustment (the quantity is positive; the type gives the direction). */
export interface SalyncStockAdjustment extends Extra {
  /** Id. */
  id?: F<string>;
  /** Product id. */
  productId?: F<string>;
  /** Variant id. */
  variantId?: F<string>;
  /** The adjustment's type. */
  type?: F<SalyncAdjustmentType>;
  /** Quantity (positive). */
  quantity?: F<number>;
  /** increase or decrease. */
  direction?: F<string>;
  /** Reference (order or invoice number). */
  reference?: F<string>;
  /** Date of the movement. */
  date?: F<string>;
  /** Recorded at. */
  createdAt?: F<string>;
}

/** A Salync supplier. */
export interface SalyncSupplier extends Extra {
  /** Id. */
  id?: F<string>;
  /** Company name. */
  name?: F<string>;
  /** Contact name. */
  contactName?: F<string>;
  /** E-mail (purchase orders are sent there). */
  email?: F<string>;
  /** Phone. */
  phone?: F<string>;
  /** Website. */
  website?: F<string>;
  /** Address. */
  address?: F<string>;
  /** Internal notes. */
  notes?: F<string>;
  /** Lead time in days. */
  leadTimeDays?: F<number>;
  /** Minimum order quantity per line. */
  minimumOrderQuantity?: F<number>;
  /** Minimum order value. */
  minimumOrderValue?: F<Money>;
  /** Payment terms, e.g. Net 30. */
  paymentTerms?: F<string>;
  /** ISO 4217 currency (GBP by default). */
  currency?: F<string>;
}

/** A line of a Salync purchase order. */
export interface SalyncPurchaseOrderLine extends Extra {
  /** Product id. */
  productId?: F<string>;
  /** Variant id. */
  variantId?: F<string>;
  /** Quantity ordered. */
  quantity?: F<number>;
  /** Unit cost. */
  unitCost?: F<Money>;
  /** Supplier's product code. */
  supplierReference?: F<string>;
  /** Quantity received so far. */
  receivedQuantity?: F<number>;
}

/** Salync purchase order statuses (draft → sent → confirmed → in transit → received). */
export type SalyncPurchaseOrderStatus = Open<'draft' | 'sent' | 'confirmed' | 'in_transit' | 'received' | 'cancelled'>;

/** A Salync purchase order. */
export interface SalyncPurchaseOrder extends Extra {
  /** Id. */
  id?: F<string>;
  /** Human number. */
  number?: F<string>;
  /** Supplier id. */
  supplierId?: F<string>;
  /** Status. */
  status?: F<SalyncPurchaseOrderStatus>;
  /** Expected delivery date. */
  expectedDeliveryDate?: F<string>;
  /** Lines. */
  lines?: F<SalyncPurchaseOrderLine[]>;
  /** Total. */
  total?: F<Money>;
  /** ISO 4217 currency. */
  currency?: F<string>;
  /** Notes. */
  notes?: F<string>;
  /** Created at. */
  createdAt?: F<string>;
  /** Sent at. */
  sentAt?: F<string>;
  /** Received at. */
  receivedAt?: F<string>;
}

/** A Salync sales channel and its connection status. */
export interface SalyncChannel extends Extra {
  /** Id. */
  id?: F<string>;
  /** Name. */
  name?: F<string>;
  /** Platform (Shopify, Amazon…). */
  platform?: F<string>;
  /** connected, disconnected or error. */
  connectionStatus?: F<string>;
  /** Number of listings. */
  listingCount?: F<number>;
}

/** A Salync listing on a channel. */
export interface SalyncListing extends Extra {
  /** Id. */
  id?: F<string>;
  /** Channel id. */
  channelId?: F<string>;
  /** Product id. */
  productId?: F<string>;
  /** Variant id. */
  variantId?: F<string>;
  /** SKU. */
  sku?: F<string>;
  /** active, pending, error or inactive. */
  state?: F<string>;
  /** Why it is in error. */
  errorMessage?: F<string>;
}

/** A Salync option type to create. */
export interface SalyncOptionTypeWrite extends Extra {
  /** Name (required). */
  name: string;
  /** Values (required). */
  values: string[];
}

/** A Salync product to create. */
export interface SalyncProductWrite extends Extra {
  /** Name (required, ≤ 300). */
  name: string;
  /** SKU (required, ≤ 100; unique). */
  sku: string;
  /** Description. */
  description?: string;
  /** Barcode. */
  barcode?: string;
  /** Cost price. */
  costPrice?: Money;
  /** Selling price. */
  price?: Money;
  /** Supplier id. */
  supplierId?: string;
  /** Supplier's product code. */
  supplierReference?: string;
  /** Alert below this stock (≥ 0). */
  lowStockThreshold?: number;
  /** Up to three option types; every combination becomes a variant. */
  optionTypes?: SalyncOptionTypeWrite[];
}

/** Changes to a Salync product (every field optional). */
export type SalyncProductUpdate = Partial<Omit<SalyncProductWrite, 'optionTypes'>>;

/** A Salync variant to create or replace. */
export interface SalyncVariantWrite extends Extra {
  /** SKU (required). */
  sku: string;
  /** Option values by option name. */
  options?: Record<string, string>;
  /** Barcode. */
  barcode?: string;
  /** Cost price. */
  costPrice?: Money;
  /** Selling price. */
  price?: Money;
}

/** A Salync stock adjustment to record. */
export interface SalyncAdjustmentWrite extends Extra {
  /** Product id (required). */
  productId: string;
  /** Variant id. */
  variantId?: string;
  /** Type (required); `manual` needs a `direction`, `transfer` a `toLocation`. */
  type: 'sale' | 'po_receipt' | 'manual' | 'write_off' | 'transfer';
  /** Quantity (required, positive). */
  quantity: number;
  /** increase or decrease (manual adjustments). */
  direction?: 'increase' | 'decrease';
  /** Reference (≤ 200). */
  reference?: string;
  /** Date of the movement. */
  date?: DateString;
  /** Transfer source. */
  fromLocation?: string;
  /** Transfer destination. */
  toLocation?: string;
}

/** A line of a Salync purchase order to create. */
export interface SalyncPurchaseOrderLineWrite extends Extra {
  /** Product id (required). */
  productId: string;
  /** Variant id. */
  variantId?: string;
  /** Quantity (required, positive). */
  quantity: number;
  /** Unit cost. */
  unitCost?: Money;
  /** Supplier's product code. */
  supplierReference?: string;
}

/** A Salync purchase order to create. */
export interface SalyncPurchaseOrderWrite extends Extra {
  /** Supplier id (required). */
  supplierId: string;
  /** Expected delivery date. */
  expectedDeliveryDate?: DateString;
  /** draft or sent. */
  status?: 'draft' | 'sent';
  /** Lines (required). */
  lines: SalyncPurchaseOrderLineWrite[];
  /** Notes. */
  notes?: string;
}

/** Salync product filters. */
export interface SalyncProductQuery {
  /** Archived products only (or live ones only with false). */
  archived?: boolean;
  /** Text search (name, SKU). */
  search?: string;
}

/** Salync stock filters. */
export interface SalyncStockQuery {
  /** Only levels below their threshold. */
  lowStock?: boolean;
  /** Only levels at zero. */
  outOfStock?: boolean;
  /** Only this product. */
  productId?: string;
}

/** Salync purchase order filters. */
export interface SalyncPurchaseOrderQuery {
  /** Only orders in this status. */
  status?: 'draft' | 'sent' | 'confirmed' | 'in_transit' | 'received' | 'cancelled';
}

/** Salync products: list, get, by SKU, create, update, archive. */
export interface SalyncProductsResource extends Resource {
  /** Products, page by page (archived ones only when asked). */
  list(query?: SalyncProductQuery): RecordIterator<SalyncProduct>;
  /** One product with its variants and stock. */
  get(productId: string): Promise<SalyncProduct>;
  /** The product with this SKU, or whose variant has it (404 when none). */
  bySku(sku: string): Promise<SalyncProduct>;
  /** Creates a product; its option types' combinations become variants. */
  create(body: SalyncProductWrite): Promise<Written<SalyncProduct>>;
  /** Changes a product. */
  update(productId: string, body: SalyncProductUpdate): Promise<Written<SalyncProduct>>;
  /** Archives a product (Salync archives rather than deletes); `record` is the product. */
  archive(productId: string): Promise<Written<SalyncProduct>>;
}

/** The variants of one Salync product. */
export interface SalyncProductVariantsResource extends Resource {
  /** The product's live variants. */
  list(productId: string): RecordIterator<SalyncVariant>;
  /** One variant. */
  get(productId: string, variantId: string): Promise<SalyncVariant>;
  /** Creates a variant. */
  create(productId: string, body: SalyncVariantWrite): Promise<Written<SalyncVariant>>;
  /** Replaces a variant. */
  update(productId: string, variantId: string, body: SalyncVariantWrite): Promise<Written<SalyncVariant>>;
  /** Archives a variant. */
  archive(productId: string, variantId: string): Promise<Written<SalyncVariant>>;
}

/** Salync stock levels. */
export interface SalyncStockResource extends Resource {
  /** Current levels per product and variant. */
  list(query?: SalyncStockQuery): RecordIterator<SalyncStockLevel>;
}

/** Salync stock adjustments. */
export interface SalyncStockAdjustmentsResource extends Resource {
  /** Adjustments, newest first, optionally of one product. */
  list(query?: { productId?: string }): RecordIterator<SalyncStockAdjustment>;
  /** Records an adjustment. */
  create(body: SalyncAdjustmentWrite): Promise<Written<SalyncStockAdjustment>>;
}

/** Salync suppliers. */
export interface SalyncSuppliersResource extends Resource {
  /** Every supplier. */
  list(): RecordIterator<SalyncSupplier>;
  /** One supplier. */
  get(supplierId: string): Promise<SalyncSupplier>;
}

/** Salync purchase orders. */
export interface SalyncPurchaseOrdersResource extends Resource {
  /** Purchase orders, optionally in one status. */
  list(query?: SalyncPurchaseOrderQuery): RecordIterator<SalyncPurchaseOrder>;
  /** One purchase order. */
  get(purchaseOrderId: string): Promise<SalyncPurchaseOrder>;
  /** Creates a purchase order (draft or sent). */
  create(body: SalyncPurchaseOrderWrite): Promise<Written<SalyncPurchaseOrder>>;
}

/** Salync sales channels. */
export interface SalyncChannelsResource extends Resource {
  /** Every channel with its connection status. */
  list(): RecordIterator<SalyncChannel>;
  /** One channel. */
  get(channelId: string): Promise<SalyncChannel>;
}

/** The listings of one Salync channel. */
export interface SalyncChannelListingsResource extends Resource {
  /** The channel's listings and their states. */
  list(channelId: string): RecordIterator<SalyncListing>;
}

/** Salync plans: Growth 500 a day and 20 a minute, Pro 10,000 a day and 200 a minute. */
export type SalyncPlan = 'growth' | 'pro';

/** How a Salync client is configured. */
export interface SalyncOptions extends ClientOptions {
  /** The API key (required). */
  apiKey?: string;
  /** The key's plan (`growth` by default): it sets the daily and per-minute budgets. */
  plan?: SalyncPlan;
}

/**
 * The Salync API: per-key daily and per-minute budgets by plan; the day resets at midnight UTC.
 * A spent day fails at once with a `QuotaError` (`quota_exhausted`, `resetsAt`) unless
 * `waitForReset` is set. Paths and paging are pacer's choice (unconfirmed; override them with
 * `specOverrides`).
 */
export declare class Salync extends Client {
  /** A Salync client: `new Salync({apiKey, plan: 'growth'})`. */
  constructor(options?: SalyncOptions);
  /** Products. */
  readonly products: SalyncProductsResource;
  /** The variants of one product. */
  readonly productVariants: SalyncProductVariantsResource;
  /** Stock levels. */
  readonly stock: SalyncStockResource;
  /** Stock adjustments. */
  readonly stockAdjustments: SalyncStockAdjustmentsResource;
  /** Suppliers. */
  readonly suppliers: SalyncSuppliersResource;
  /** Purchase orders. */
  readonly purchaseOrders: SalyncPurchaseOrdersResource;
  /** Sales channels. */
  readonly channels: SalyncChannelsResource;
  /** The listings of one channel. */
  readonly channelListings: SalyncChannelListingsResource;
}

// ---------------------------------------------------------------------------------------------
// Webhooks

/** The raw body of a delivery, exactly as received (verify before parsing it as JSON). */
export type RawBody = string | Buffer | Uint8Array;

/** A request's headers: Fetch `Headers`, Node's `req.headers`, a plain object or pairs. */
export type HeadersLike =
  | { get(name: string): string | null }
  | Record<string, string | string[] | undefined>
  | ReadonlyArray<readonly [string, string]>;

/** Options of `webhooks.verify`. */
export interface VerifyOptions {
  /** Text before the hex digest (`sha256=` for Salync; none for Synq). */
  prefix?: string;
  /** The header to read when headers are given (`X-Unified-Signature` by default). */
  header?: string;
}

/** A Synq (Unified.to) webhook event. */
export interface SynqEvent {
  /** The Unified connection the event came through. */
  connectionId: string;
  /** Event type, e.g. `commerce.order.created`. */
  event: string;
  /** Workspace, when given. */
  workspaceId: string | null;
  /** The source record's id (`data.id`), when present. */
  externalId: string | null;
  /** Whether this is an order event (`*.order.created`, `*.order.updated`). */
  isOrderEvent: boolean;
  /** The normalized source payload, camelCased (its shape depends on the event). */
  data: unknown;
}

/** `stock.below_threshold`: stock fell below a product's threshold. */
export interface StockBelowThreshold extends Extra {
  /** Product id. */
  productId?: F<string>;
  /** Variant id. */
  variantId?: F<string>;
  /** SKU. */
  sku?: F<string>;
  /** Stock on hand now. */
  stockOnHand?: F<number>;
  /** The threshold. */
  threshold?: F<number>;
}

/** One received line of a purchase order. */
export interface ReceivedLine extends Extra {
  /** Product id. */
  productId?: F<string>;
  /** Variant id. */
  variantId?: F<string>;
  /** Quantity received. */
  quantity?: F<number>;
}

/** `purchase_order.received`: a purchase order was received into stock. */
export interface PurchaseOrderReceived extends Extra {
  /** Purchase order id. */
  purchaseOrderId?: F<string>;
  /** Supplier id. */
  supplierId?: F<string>;
  /** When. */
  receivedAt?: F<string>;
  /** Lines received. */
  lines?: F<ReceivedLine[]>;
}

/** `channel.listing_error`: a channel listing went into error. */
export interface ChannelListingError extends Extra {
  /** Channel id. */
  channelId?: F<string>;
  /** Listing id. */
  listingId?: F<string>;
  /** Product id. */
  productId?: F<string>;
  /** SKU. */
  sku?: F<string>;
  /** The channel's error code. */
  errorCode?: F<string>;
  /** The channel's message. */
  message?: F<string>;
}

/** Fields every Salync event has. */
interface SalyncEventBase {
  /** Event id (deliveries may repeat; a `SalyncReceiver` drops repeats). */
  id: string;
  /** When it happened. */
  createdAt: string | null;
}

/**
 * A Salync webhook event, its payload typed by `type`. `known` is false for types this version
 * of pacer does not know (their payload is kept as sent): narrow on `known`, then on `type`.
 */
export type SalyncEvent =
  | (SalyncEventBase & { type: 'stock.below_threshold'; known: true; data: StockBelowThreshold })
  | (SalyncEventBase & { type: 'purchase_order.received'; known: true; data: PurchaseOrderReceived })
  | (SalyncEventBase & { type: 'channel.listing_error'; known: true; data: ChannelListingError })
  | (SalyncEventBase & { type: string & {}; known: false; data: unknown });

/** Options of `webhooks.salyncEvent`. */
export interface SalyncEventOptions {
  /** Verify `X-Salync-Signature` (`sha256=<hex>`) with this secret. */
  secret?: string;
  /** The signature header value. */
  signature?: string;
  /** Or the request's headers, to read it from. */
  headers?: HeadersLike;
}

/** Options of `new SalyncReceiver`. */
export interface SalyncReceiverOptions {
  /** Verify every delivery with this secret (unsigned or badly signed ones are refused). */
  secret?: string;
}

/**
 * Receives Salync deliveries: verifies the signature when given a secret, parses the event and
 * recognizes redeliveries by event id, so each event is handled once. The secret stays in the
 * addon (never in `inspect` or `JSON.stringify`).
 */
export declare class SalyncReceiver {
  /** A receiver, verifying when `secret` is given. */
  constructor(options?: SalyncReceiverOptions);
  /** Whether deliveries are verified. */
  readonly verifies: boolean;
  /**
   * Handles one POST: the event the first time, `null` for a redelivery (answer 200 either
   * way); throws a `WebhookError` for a bad delivery (answer 400 or 401).
   */
  receive(headers: HeadersLike | null | undefined, body: RawBody): SalyncEvent | null;
  /** What it is (never the secret). */
  toJSON(): { verifies: boolean };
}

/** Webhook helpers; failures are `WebhookError`s (`signature_missing`, `signature_invalid`, `payload_invalid`). */
export interface Webhooks {
  /** Synq's signature header, `X-Unified-Signature`. */
  readonly SYNQ_SIGNATURE_HEADER: string;
  /** The signature header pacer assumes for Salync, `X-Salync-Signature`. */
  readonly SALYNC_SIGNATURE_HEADER: string;
  /** The signature header value for `body`: `prefix` then the lowercase hex HMAC-SHA256. */
  sign(secret: string, body: RawBody, prefix?: string): string;
  /** Checks a signature (or the request's headers) against the raw body, in constant time. */
  verify(secret: string, body: RawBody, signatureOrHeaders: string | HeadersLike | null | undefined, options?: VerifyOptions): true;
  /** Verifies a Synq delivery and parses its `{connectionId, event, data}` envelope. */
  synqEvent(secret: string, body: RawBody, signatureOrHeaders: string | HeadersLike | null | undefined): SynqEvent;
  /** Parses a Salync delivery, verifying it when `options.secret` is given. */
  salyncEvent(body: RawBody, options?: SalyncEventOptions): SalyncEvent;
  /** The Salync receiver class. */
  readonly SalyncReceiver: typeof SalyncReceiver;
}

/** Webhook signatures and events for Synq and Salync. */
export declare const webhooks: Webhooks;

// ---------------------------------------------------------------------------------------------
// The emulator

/** How an emulator is set up. */
export interface EmulatorOptions {
  /** Seed of the generated data and of the default API key (7). */
  seed?: number;
  /** Run on a virtual clock that moves only when advanced, or when a client waits on it. */
  virtualClock?: boolean;
  /** Run on a clock this many times faster than real time (for paced benchmarks). */
  clockScale?: number;
  /** Start instant of a virtual or scaled clock (2026-11-22T15:00:00Z). */
  start?: Date | string;
  /** The API key to accept (derived from the seed by default). */
  apiKey?: string;
  /** Registered User-Agents (any non-generic one by default). */
  registeredUserAgents?: string[];
  /** Number of seeded jobs, spread over the 14 months before the clock's now (3,000). */
  jobs?: number;
  /** TOML merged over the built-in spec, e.g. to shrink quota windows. */
  specOverrides?: string;
  /** Answer 429 once a window is spent (true). */
  enforceQuota?: boolean;
  /** Zone of daily resets and calendar dates (America/New_York). */
  dayZone?: string;
  /** Port on 127.0.0.1 (a free one). */
  port?: number;
  /** Quota plan, for providers with several (Salync: `growth` or `pro`). */
  plan?: string;
  /** Synq tenant id (derived from the seed). */
  tenantId?: string;
  /** Synq organization id (derived from the seed). */
  orgId?: string;
  /** Secret of webhook signatures (derived from the seed). */
  webhookSecret?: string;
}

/** Providers the emulator serves. */
export type EmulatedProvider = Open<'syncore' | 'synq' | 'salync'>;

/** A span of time, e.g. `{hours: 24}`. */
export interface Duration {
  /** Days. */
  days?: number;
  /** Hours. */
  hours?: number;
  /** Minutes. */
  minutes?: number;
  /** Seconds. */
  seconds?: number;
  /** Milliseconds. */
  ms?: number;
}

/** What goes wrong. */
export type FaultKind = 'drop_after_commit' | 'drop_before_commit' | 'status' | 'delay' | 'clamp_page';

/** Which requests a fault applies to, and its parameters. */
export interface FaultOptions {
  /** How many matching requests it applies to (1). */
  times?: number;
  /** Only requests with this method. */
  method?: string;
  /** Only requests whose path contains this text. */
  pathContains?: string;
  /** The status a `status` fault answers. */
  status?: number;
  /** How long a `delay` fault waits, in real milliseconds. */
  delayMs?: number;
  /** The page size a `clamp_page` fault cuts lists to. */
  pageSize?: number;
}

/** One webhook delivery of a Salync emulator. */
export interface WebhookDelivery {
  /** The event id (`evt_…`). */
  eventId: string;
  /** The event type, e.g. `stock.below_threshold`. */
  eventType: string;
  /** Where it was sent. */
  url: string;
  /** The emulator clock when the event was emitted. */
  emittedAt: Date;
  /** Attempts made so far. */
  attempts: number;
  /** The last HTTP status received. */
  status: number | null;
  /** Whether a 2xx answer was received. */
  delivered: boolean;
  /** Whether the emulator is done with it. */
  finished: boolean;
  /** The last failure. */
  error: string | null;
  /** The JSON body sent. */
  body: string;
}

/** One request as the emulator received it (never the key). */
export interface RecordedRequest {
  /** Clock reading at arrival. */
  at: Date;
  /** HTTP method. */
  method: string;
  /** Path without the query. */
  path: string;
  /** Raw query string ("" when none). */
  query: string;
  /** Spec endpoint name, when the route matched one. */
  endpoint: string | null;
  /** Status answered; 0 when the connection was dropped. */
  status: number;
  /** The User-Agent header. */
  userAgent: string | null;
  /** Whether the API key was right. */
  authenticated: boolean;
  /** The request body as text. */
  body: string | null;
  /** Whether the request was counted toward the quota. */
  counted: boolean;
}

/** The emulator's view of one quota window. */
export interface EmulatorWindowUsage {
  /** Window id from the spec. */
  window: string;
  /** Accepted requests in the current interval or period. */
  used: number;
  /** The window's limit. */
  limit: number;
  /** When the count next drops. */
  resetsAt: Date | null;
  /** Whether a calendar window is spent and requests run at its overage pace. */
  inOverage: boolean;
}

/** A stateful local emulator of a provider's API over real HTTP. */
export declare class Emulator {
  private constructor();
  /** Starts an emulator of `provider` on a free loopback port. */
  static start(provider?: EmulatedProvider, options?: EmulatorOptions): Promise<Emulator>;
  /** Starts a Syncore emulator. */
  static start(options: EmulatorOptions): Promise<Emulator>;
  /** `http://127.0.0.1:PORT`. */
  readonly baseUrl: string;
  /** The emulated provider's spec name. */
  readonly provider: string;
  /** The API key it accepts (kept out of `inspect` and `JSON.stringify`). */
  readonly apiKey: string;
  /** The server root `http://127.0.0.1:PORT` (Salync's API is under `/v1` of it). */
  readonly rootUrl: string;
  /** The emulator's clock, to give a client of it (`clock: emu.clock`). */
  readonly clock: Clock;
  /** `emulator:http://127.0.0.1:PORT`: follows this emulator's clock from another process. */
  readonly clockSetting: string;
  /** The tenant id Synq requires (`tenantId` of `new Synq`). */
  readonly tenantId: string;
  /** The organization id Synq requires (`orgId` of `new Synq`). */
  readonly orgId: string;
  /** The webhook secret (kept out of `inspect` and `JSON.stringify`). */
  readonly webhookSecret: string;
  /** Synq: a fresh bearer token valid for `ttl` of the emulator's clock (an hour by default). */
  issueToken(ttl?: Duration | number): string;
  /** Salync (Pro plan): delivers every later webhook event to `url` (http on loopback). */
  registerWebhook(url: string): Promise<void>;
  /** Salync (Pro plan): emits `event` with `data` now; returns the event id. */
  trigger(event: string, data?: Record<string, unknown>): Promise<string>;
  /** Salync: every webhook delivery so far. */
  webhookDeliveries(): Promise<WebhookDelivery[]>;
  /** Synq: the inbound webhook events its `/unified/webhook` endpoint accepted. */
  inboundWebhooks(): Promise<unknown[]>;
  /** Salync: receives purchase order `id` into stock now (emits `purchase_order.received`). */
  receivePurchaseOrder(id: string): Promise<SalyncPurchaseOrder>;
  /** Synq: moves order `id` to `status` now, if the state machine allows it. */
  transitionOrder(id: string, status: SynqOrderStatus): Promise<SynqOrder>;
  /** The emulator's clock reading. */
  now(): Date;
  /** Moves a virtual clock forward: `advance({hours: 24})` or milliseconds. */
  advance(by: Duration | number): Promise<void>;
  /** Moves a virtual clock forward to `when` (never backwards). */
  advanceTo(when: Date | string | number): Promise<void>;
  /** Queues a fault for the next matching requests. */
  injectFault(kind: FaultKind, options?: FaultOptions): Promise<void>;
  /** Removes every pending fault. */
  clearFaults(): Promise<void>;
  /** Every request received, in arrival order. */
  requests(): Promise<RecordedRequest[]>;
  /** The state of every quota window now. */
  usage(): Promise<EmulatorWindowUsage[]>;
  /** Stops serving. */
  stop(): Promise<void>;
  /** What the emulator is (never its key). */
  toJSON(): { provider: string; baseUrl: string };
}

/** The package version. */
export declare const version: string;
