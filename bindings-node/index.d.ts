/**
 * pacer for Node.js: quota-aware, policy-compliant clients for the Syncore order-management
 * API, Synq and Salync, local emulators of all three, and webhook helpers.
 *
 * Records are plain objects with camelCase keys. Every field is optional and may be `null`
 * (the API omits or nulls fields freely); fields pacer does not know are kept, camelCased too.
 * Money and quantities are numbers. Write bodies take camelCase keys (snake_case is accepted
 * too) and are sent in the API's snake_case. Durations are in seconds.
 *
 * The records, options, error classes and resources between the `BEGIN GENERATED` and
 * `END GENERATED` lines are written by pacer-sdk-gen from `pacer_sdk::surface::describe()`
 * (`cargo run -p pacer-sdk-gen`; the test command checks them); the rest is written by hand.
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
// Records (reads), from the core catalogue

// BEGIN GENERATED RECORDS (pacer-sdk-gen; do not edit)
// Syncore records

/** A SalesOrderStatus value: the known ones, or any other text the server sends. */
export type SalesOrderStatus = Open<'Pending' | 'Open' | 'Invoiced' | 'Paid'>;
/** A PurchaseOrderStatus value: the known ones, or any other text the server sends. */
export type PurchaseOrderStatus = Open<'Open' | 'Approved' | 'Posted Manually' | 'Posted @ease A/P' | 'Paid'>;
/** A JobStatus value: the known ones, or any other text the server sends. */
export type JobStatus = Open<'Pending' | 'Submitted' | 'WIP' | 'Delivered' | 'Completed' | 'Closed'>;
/** A LineType value: the known ones, or any other text the server sends. */
export type LineType = Open<'Comment' | 'Pricing' | 'Color' | 'Size' | 'ProductComment' | 'DecorationMethod' | 'SetupCharge' | 'RunCharge' | 'DecorationLocation' | 'DecorationSize' | 'DesignName' | 'StitchCount' | 'DecorationColor' | 'DecorationVendor' | 'ColorAtImprint' | 'DecorationComment' | 'Asi'>;
/** A ContactType value: the known ones, or any other text the server sends. */
export type ContactType = Open<'Client' | 'Prospect'>;

/** A reference to another record by id and name (store, product index, client group…). */
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
  /** Supplier class (tenant-defined label, e.g. "In House Production"). */
  class?: F<string>;
  /** ASI number; a number or a string depending on the record. */
  asiId?: F<LooseId>;
}

/** An address as GET responses return it: `name` and a country display name. */
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

/** An address as writes (PUT/POST) take it: first and last name, ISO-2 country code. */
export interface AddressWrite extends Extra {
  /** First name (required on writes). */
  firstName?: F<string>;
  /** Last name (required on writes). */
  lastName?: F<string>;
  /** Company name. */
  businessName?: F<string>;
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
  /** ISO 3166-1 alpha-2 country code, e.g. "US". */
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
  /** Sequence within the job (shown as `{job}-{number}`). */
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
  /** Commission split (shape varies). */
  commissionSplit?: unknown;
  /** Sales-order summaries. */
  salesOrders?: F<SalesOrderSummary[]>;
  /** Purchase-order summaries. */
  purchaseOrders?: F<PurchaseOrderSummary[]>;
  /** Last modification time. */
  lastModifiedDate?: F<string>;
}

/** One line of a sales or purchase order; lines form a tree through `parent_id`. */
export interface LineItem extends Extra {
  /** Line id. */
  lineId?: F<number>;
  /** Parent line id; 0 means top level. */
  parentId?: F<number>;
  /** Line type. */
  type?: F<LineType>;
  /** Description. */
  description?: F<string>;
  /** SKU; an empty string (not null) on colour and size lines. */
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
  /** Sequence within the job (shown as `{job}-{number}`). */
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
export interface ProductIndex extends Extra {
  /** Id. */
  id?: F<number>;
  /** Name. */
  name?: F<string>;
}

/** A client group. */
export interface ClientGroup extends Extra {
  /** Id. */
  id?: F<number>;
  /** Name. */
  name?: F<string>;
}

/** A payment term (used when creating contacts). */
export interface PaymentTerm extends Extra {
  /** Id. */
  id?: F<number>;
  /** Name, e.g. "Net 30". */
  name?: F<string>;
  /** Days until due. */
  days?: F<number>;
}

/** A commission code (used when creating jobs). */
export interface CommissionCode extends Extra {
  /** Id. */
  id?: F<number>;
  /** Name. */
  name?: F<string>;
  /** Code. */
  code?: F<string>;
  /** Dropship or store. */
  type?: F<string>;
}

/** A credit-card type. */
export interface CardType extends Extra {
  /** Id. */
  id?: F<number>;
  /** Name, e.g. "Visa". */
  name?: F<string>;
}

/** A payment type. */
export interface PaymentType extends Extra {
  /** Id. */
  id?: F<number>;
  /** Name. */
  name?: F<string>;
}

/** An adjustment type (Bad Debt, Credit Card Surcharge…). */
export interface AdjustmentType extends Extra {
  /** Id. */
  id?: F<number>;
  /** Name. */
  name?: F<string>;
}

/** What a create or update answers: the record's id and its location URL. */
export interface WriteResult extends Extra {
  /** Id of the created or updated record. */
  id?: F<LooseId>;
  /** Location URL of the record. */
  location?: F<string>;
}

// Synq records

/** A OrderStatus value: the known ones, or any other text the server sends. */
export type SynqOrderStatus = Open<'pending_payment' | 'payment_authorized' | 'confirmed' | 'processing' | 'partially_fulfilled' | 'fulfilled' | 'delivered' | 'completed' | 'return_requested' | 'partially_returned' | 'returned' | 'refunded' | 'partially_refunded' | 'cancelled' | 'failed'>;

/** A catalog product (lists return a light projection; `get` returns the full record). */
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

/** A product variant. */
export interface SynqVariant extends Extra {
  /** Id (UUID). */
  id?: F<string>;
  /** Product id. */
  productId?: F<string>;
  /** SKU. */
  sku?: F<string>;
  /** Barcode. */
  barcode?: F<string>;
  /** Price (sent as a number, returned as a string; exact either way). */
  price?: F<Money>;
  /** ISO 4217 currency. */
  currency?: F<string>;
  /** Option values. */
  optionValues?: unknown;
  /** Cost price. */
  costPrice?: F<Money>;
  /** Data-quality score. */
  dataQualityScore?: F<Money>;
}

/** A category (a tree through `parent_id`). */
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

/** A brand. */
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

/** A product attribute. */
export interface SynqAttribute extends Extra {
  /** Id. */
  id?: F<string>;
  /** Name. */
  name?: F<string>;
  /** Slug. */
  slug?: F<string>;
  /** TEXT, NUMBER… */
  type?: F<string>;
  /** Created at. */
  createdAt?: F<string>;
}

/** An attribute group. */
export interface SynqAttributeGroup extends Extra {
  /** Id. */
  id?: F<string>;
  /** Name. */
  name?: F<string>;
  /** Description. */
  description?: F<string>;
}

/** A product template (product type). */
export interface SynqTemplate extends Extra {
  /** Id. */
  id?: F<string>;
  /** Name. */
  name?: F<string>;
  /** Description. */
  description?: F<string>;
}

/** A product or variant image. */
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

/** A bulk import, update or delete job (poll the list to follow it). */
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

/** One line of an order. */
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

/** An order. */
export interface SynqOrder extends Extra {
  /** Id. */
  id?: F<string>;
  /** Status. */
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

/** What an order create answers: it runs asynchronously as a workflow. */
export interface SynqOrderAccepted extends Extra {
  /** Workflow id (`oms-create-order-<idempotency key>`). */
  workflowId?: F<string>;
  /** Run id. */
  runId?: F<string>;
}

/** An immutable stock-ledger entry. */
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

/** A sales channel. */
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

/** A connection to a commerce or accounting platform. */
export interface SynqConnection extends Extra {
  /** Id. */
  id?: F<string>;
  /** Unified.to connection id. */
  unifiedConnectionId?: F<string>;
  /** Platform (shopify, woocommerce…). */
  provider?: F<string>;
  /** Status (ACTIVE). */
  status?: F<string>;
  /** Created at. */
  createdAt?: F<string>;
}

/** An organization member. */
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

/** Tenant settings (PUT replaces all four settable fields). */
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

/** An audit-log entry. */
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

// Salync records

/** An option type of a product (Size, Colour…); a product has up to three. */
export interface SalyncOptionType extends Extra {
  /** Name. */
  name?: F<string>;
  /** Values. */
  values?: F<string[]>;
}

/** A product variant: one combination of option values. */
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

/** A product. */
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

/** The stock level of a product or variant. */
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

/** A stock adjustment (the quantity is positive; the type gives the direction). */
export interface SalyncStockAdjustment extends Extra {
  /** Id. */
  id?: F<string>;
  /** Product id. */
  productId?: F<string>;
  /** Variant id. */
  variantId?: F<string>;
  /** sale, po_receipt, manual, write_off or transfer. */
  type?: F<string>;
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

/** A supplier. */
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

/** A line of a purchase order. */
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

/** A purchase order (draft → sent → confirmed → in transit → received, or cancelled). */
export interface SalyncPurchaseOrder extends Extra {
  /** Id. */
  id?: F<string>;
  /** Human number. */
  number?: F<string>;
  /** Supplier id. */
  supplierId?: F<string>;
  /** Status. */
  status?: F<string>;
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

/** A sales channel and its connection status. */
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

/** A listing on a channel. */
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

// Webhook payloads

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
// END GENERATED RECORDS

// ---------------------------------------------------------------------------------------------
// Write bodies (validated before anything is sent; unknown fields pass through)

/** Line-item types a write accepts. */
export type LineTypeWrite =
  | 'Comment' | 'Pricing' | 'Color' | 'Size' | 'ProductComment' | 'DecorationMethod'
  | 'SetupCharge' | 'RunCharge' | 'DecorationLocation' | 'DecorationSize' | 'DesignName'
  | 'StitchCount' | 'DecorationColor' | 'DecorationVendor' | 'ColorAtImprint' | 'DecorationComment';

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

/**
 * The body each write takes, by provider and endpoint (written by hand: the descriptors do not
 * describe bodies yet). A write not listed here takes any object.
 */
export interface WriteBodies {
  /** syncore writes. */
  syncore: {
    'contacts.create': ContactWrite;
    'contacts.update': ContactWrite;
    'store_contacts.create': StoreContactWrite;
    'store_contacts.update': StoreContactWrite;
    'jobs.create': JobWrite;
    'jobs.update': JobWrite;
    'store_jobs.create': StoreJobWrite;
    'store_jobs.update': StoreJobWrite;
    'sales_orders.create': SalesOrderWrite;
    'sales_orders.update': SalesOrderWrite;
    'sales_order_line_items.create': LineItemWrite;
    'sales_order_line_items.update': LineItemWrite;
    'sales_order_payments.create': PaymentWrite;
    'purchase_orders.create': PurchaseOrderWrite;
    'purchase_orders.update': PurchaseOrderWrite;
    'purchase_order_line_items.update': LineItemWrite;
    'purchase_order_payments.create': PaymentWrite;
  };
  /** synq writes. */
  synq: {
    'products.create': SynqProductWrite;
    'products.update': SynqProductWrite;
    'product_variants.create': SynqVariantWrite;
    'categories.create': SynqCategoryWrite;
    'brands.create': SynqBrandWrite;
    'attributes.create': SynqAttributeWrite;
    'attribute_groups.create': SynqNamedWrite;
    'templates.create': SynqNamedWrite;
    'media.create': SynqMediaWrite;
    'bulk_jobs.create': SynqBulkJobWrite;
    'exports.create': { format?: string; [field: string]: unknown };
    'orders.create': SynqOrderWrite;
    'inventory.adjust': SynqAdjustmentWrite;
    'channels.create': SynqChannelWrite;
    'integrations.auth_url': Record<string, unknown>;
    'integrations.callback': SynqCallbackWrite;
    'members.invite': SynqInviteWrite;
    'tenant_settings.update': SynqSettingsWrite;
  };
  /** salync writes. */
  salync: {
    'products.create': SalyncProductWrite;
    'products.update': SalyncProductUpdate;
    'product_variants.create': SalyncVariantWrite;
    'product_variants.update': SalyncVariantWrite;
    'stock_adjustments.create': SalyncAdjustmentWrite;
    'purchase_orders.create': SalyncPurchaseOrderWrite;
  };
}

/** The body of `provider`'s write `endpoint`: its type in `WriteBodies`, or any object. */
export type Body<P extends string, E extends string> = P extends keyof WriteBodies
  ? E extends keyof WriteBodies[P] ? WriteBodies[P][E] : Extra
  : Extra;

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
// Errors, from the error table

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
/** A stable error code; a provider's own codes (and `http_<status>`) arrive as api codes too. */
export type ErrorCode = Open<
  | 'validation_failed'
  | 'quota_exhausted'
  | 'quota_wait_too_long'
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'payload_too_large'
  | 'unprocessable'
  | 'rate_limited'
  | 'server_error'
  | 'decode_failed'
  | 'unexpected_shape'
  | 'paging_cycle'
  | 'connect_failed'
  | 'transport_failed'
  | 'write_outcome_unknown'
  | 'ledger_unavailable'
  | 'ledger_failed'
  | 'emulator_clock_failed'
  | 'output_failed'
  | 'response_too_large'
  | 'export_busy'
  | 'export_resume_mismatch'
  | 'export_io'
  | 'missing_api_key'
  | 'invalid_api_key'
  | 'missing_user_agent'
  | 'invalid_user_agent'
  | 'missing_base_url'
  | 'invalid_base_url'
  | 'insecure_url'
  | 'missing_config'
  | 'invalid_option'
  | 'invalid_clock'
  | 'invalid_ledger'
  | 'ledger_path'
  | 'invalid_spec'
  | 'unknown_provider'
  | 'unknown_endpoint'
  | 'unknown_plan'
  | 'unknown_request_kind'
  | 'wrong_provider'
  | 'no_reconcile'
  | 'not_a_list'
  | 'token_provider_failed'
  | 'token_command'
  | 'config_file'
  | 'transport_setup'
  | 'blocking_in_async'
  | 'drive_loop_misuse'
  | 'already_refunded'
  | 'encode_failed'
  | 'runtime'
  | 'interrupted'
  | 'emulator'
  | 'emulator_io'
  | 'emulator_stopped'
  | 'emulator_refused'
  | 'host_clock_stalled'
  | 'host_failed'
  | 'no_fetch'
  | 'browser_refused'
  | 'missing_webhook_secret'
  | 'signature_missing'
  | 'signature_invalid'
  | 'payload_invalid'
>;

/** Every pacer failure: one flat error with a kind, a stable code and its context. */
export declare class PacerError extends Error {
  /** An error of the class its `kind` names, from the flat error's fields. */
  constructor(info: { kind: string; code: string; message: string; [field: string]: unknown });
  /** validation, quota, api, transport, config or webhook. */
  readonly kind: ErrorKind;
  /** A stable machine-readable code, e.g. validation_failed, quota_exhausted, http_404. */
  readonly code: ErrorCode;
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
  /** The error of the right class for a native failure or a `toJSON()` copy; anything else is returned as it is. */
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

/** The kinds of `PacerError`. */
export declare const KINDS: readonly ErrorKind[];
// END GENERATED ERRORS

// ---------------------------------------------------------------------------------------------
// The client

/**
 * Supplies a bearer token (Synq's expire after an hour). pacer calls it at first use and once
 * more when the server answers 401; a throw or rejection becomes a `ConfigError`
 * (`token_provider_failed`). It runs on the main thread while the call waits elsewhere.
 */
export type TokenProvider = () => string | Promise<string>;

// BEGIN GENERATED OPTIONS (pacer-sdk-gen; do not edit)
/** How a Syncore client is configured (durations in seconds; an unknown option is a `ConfigError`). */
export interface SyncoreOptions {
  /** The API key (sent only by the transport, over HTTPS; never logged). */
  apiKey: string;
  /** Your integration's registered User-Agent (the provider's policy requires it). */
  userAgent: string;
  /** The API (HTTPS; plain HTTP only on loopback, e.g. an emulator). Default: `"https://api.syncore.app"`. */
  baseUrl?: string;
  /** Where quota state and the write journal live: memory, sqlite:///path/ledger.db or redis://host:6379 (default: a SQLite file in ~/.local/share/pacer/ shared by every process of the user). */
  ledger?: string;
  /** The clock (real time by default): an emulator's clock, or a setting such as emulator:http://127.0.0.1:PORT. */
  clock?: Clock | string;
  /** TOML merged over the provider spec (unconfirmed paths, quota windows). */
  specOverrides?: string;
  /** The quota account label (default: a fingerprint of the credential). */
  account?: string;
  /** Records per page (default: the provider's largest). */
  pageSize?: number;
  /** Whole-request timeout, seconds. Default: `30.0`. */
  timeout?: number;
  /** Connection timeout, seconds. Default: `10.0`. */
  connectTimeout?: number;
  /** The most bytes a response body may hold; a larger answer fails (response_too_large) having read no more. Default: `8388608`. */
  maxResponseBytes?: number;
  /** Longest wait for rate and overage windows, seconds; longer fails at once with the reset time (default: as long as it takes). */
  maxWait?: number;
  /** Wait for a spent daily or monthly window to reset instead of failing at once. Default: `false`. */
  waitForReset?: boolean;
  /** Safety margin on rate windows for network delay, seconds. Default: `0.25`. */
  rateMargin?: number;
  /** Attempts in total for reads, the first included. Default: `5`. */
  maxAttempts?: number;
  /** First retry backoff, seconds (doubled each retry). Default: `0.5`. */
  retryBaseDelay?: number;
  /** Largest retry backoff, seconds. Default: `30.0`. */
  retryMaxDelay?: number;
  /** Allow plain HTTP to hosts other than loopback: the credential then crosses the network in clear text. Tests only. Default: `false`. */
  dangerouslyAllowInsecureHttp?: boolean;
}

/** How a Synq client is configured (durations in seconds; an unknown option is a `ConfigError`). */
export interface SynqOptions {
  /** A bearer token (give this or `token_provider`). */
  token?: string;
  /** A function returning a fresh bearer token: asked at first use and again, once per call, after a 401. */
  tokenProvider?: TokenProvider;
  /** The User-Agent to send. */
  userAgent?: string;
  /** Sent as the X-Tenant-ID header on every request. */
  tenantId: string;
  /** Sent as the X-Org-ID header on every request. */
  orgId: string;
  /** The API (HTTPS; plain HTTP only on loopback, e.g. an emulator). */
  baseUrl: string;
  /** Where quota state and the write journal live: memory, sqlite:///path/ledger.db or redis://host:6379 (default: a SQLite file in ~/.local/share/pacer/ shared by every process of the user). */
  ledger?: string;
  /** The clock (real time by default): an emulator's clock, or a setting such as emulator:http://127.0.0.1:PORT. */
  clock?: Clock | string;
  /** TOML merged over the provider spec (unconfirmed paths, quota windows). */
  specOverrides?: string;
  /** The quota account label (default: a fingerprint of the credential). */
  account?: string;
  /** Records per page (default: the provider's largest). */
  pageSize?: number;
  /** Whole-request timeout, seconds. Default: `30.0`. */
  timeout?: number;
  /** Connection timeout, seconds. Default: `10.0`. */
  connectTimeout?: number;
  /** The most bytes a response body may hold; a larger answer fails (response_too_large) having read no more. Default: `16777216`. */
  maxResponseBytes?: number;
  /** Longest wait for rate and overage windows, seconds; longer fails at once with the reset time (default: as long as it takes). */
  maxWait?: number;
  /** Wait for a spent daily or monthly window to reset instead of failing at once. Default: `false`. */
  waitForReset?: boolean;
  /** Safety margin on rate windows for network delay, seconds. Default: `0.25`. */
  rateMargin?: number;
  /** Attempts in total for reads, the first included. Default: `5`. */
  maxAttempts?: number;
  /** First retry backoff, seconds (doubled each retry). Default: `0.5`. */
  retryBaseDelay?: number;
  /** Largest retry backoff, seconds. Default: `30.0`. */
  retryMaxDelay?: number;
  /** A label for this host's egress IP: clients behind one address share its per-IP window. */
  egressIp?: string;
  /** Allow plain HTTP to hosts other than loopback: the credential then crosses the network in clear text. Tests only. Default: `false`. */
  dangerouslyAllowInsecureHttp?: boolean;
}

/** How a Salync client is configured (durations in seconds; an unknown option is a `ConfigError`). */
export interface SalyncOptions {
  /** The API key (sent only by the transport, over HTTPS; never logged). */
  apiKey: string;
  /** The User-Agent to send. */
  userAgent?: string;
  /** The API (HTTPS; plain HTTP only on loopback, e.g. an emulator). Default: `"https://api.salync.com/v1"`. */
  baseUrl?: string;
  /** The key's plan, which sets its quota. Default: `"growth"`. */
  plan?: 'growth' | 'pro';
  /** Where quota state and the write journal live: memory, sqlite:///path/ledger.db or redis://host:6379 (default: a SQLite file in ~/.local/share/pacer/ shared by every process of the user). */
  ledger?: string;
  /** The clock (real time by default): an emulator's clock, or a setting such as emulator:http://127.0.0.1:PORT. */
  clock?: Clock | string;
  /** TOML merged over the provider spec (unconfirmed paths, quota windows). */
  specOverrides?: string;
  /** The quota account label (default: a fingerprint of the credential). */
  account?: string;
  /** Records per page (default: the provider's largest). */
  pageSize?: number;
  /** Whole-request timeout, seconds. Default: `30.0`. */
  timeout?: number;
  /** Connection timeout, seconds. Default: `10.0`. */
  connectTimeout?: number;
  /** The most bytes a response body may hold; a larger answer fails (response_too_large) having read no more. Default: `16777216`. */
  maxResponseBytes?: number;
  /** Longest wait for rate and overage windows, seconds; longer fails at once with the reset time (default: as long as it takes). */
  maxWait?: number;
  /** Wait for a spent daily or monthly window to reset instead of failing at once. Default: `false`. */
  waitForReset?: boolean;
  /** Safety margin on rate windows for network delay, seconds. Default: `0.25`. */
  rateMargin?: number;
  /** Attempts in total for reads, the first included. Default: `5`. */
  maxAttempts?: number;
  /** First retry backoff, seconds (doubled each retry). Default: `0.5`. */
  retryBaseDelay?: number;
  /** Largest retry backoff, seconds. Default: `30.0`. */
  retryMaxDelay?: number;
  /** Allow plain HTTP to hosts other than loopback: the credential then crosses the network in clear text. Tests only. Default: `false`. */
  dangerouslyAllowInsecureHttp?: boolean;
}

/** The options of any provider's client. */
export type ClientOptions = SyncoreOptions | SynqOptions | SalyncOptions;
// END GENERATED OPTIONS

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

// ---------------------------------------------------------------------------------------------
// Providers: their resources and client classes, from their specs

// BEGIN GENERATED CLIENTS (pacer-sdk-gen; do not edit)
// Syncore resources

/** The query of `contacts.search`. */
export interface ContactsSearchQuery {
  /** `client_group_id` (id). */
  clientGroupId?: Id;
  /** `store_id` (id). */
  storeId?: Id;
  /** `email` (email). */
  email?: string;
  /** `type` (enum). */
  type?: Open<'Client' | 'Prospect'>;
  /** `created_date_from` (date). */
  createdDateFrom?: DateString;
  /** `created_date_to` (date). */
  createdDateTo?: DateString;
}

/** Syncore `contacts`: search, get, create, update. */
export interface ContactsResource extends Resource {
  /** Search store/program and dropship contacts (clients and prospects). */
  search(query?: ContactsSearchQuery): RecordIterator<Contact>;
  /** Get one contact by id. */
  get(contactId: Id): Promise<Contact>;
  /** Create a dropship contact. */
  create(body: Body<'syncore', 'contacts.create'>): Promise<Written<WriteResult>>;
  /** Replace a dropship contact (send the full record). */
  update(contactId: Id, body: Body<'syncore', 'contacts.update'>): Promise<Written<WriteResult>>;
}

/** Syncore `store_contacts`: create, update. */
export interface StoreContactsResource extends Resource {
  /** Create a store/program contact. */
  create(body: Body<'syncore', 'store_contacts.create'>): Promise<Written<WriteResult>>;
  /** Replace a store/program contact (send the full record). */
  update(contactId: Id, body: Body<'syncore', 'store_contacts.update'>): Promise<Written<WriteResult>>;
}

/** The query of `jobs.search`. */
export interface JobsSearchQuery {
  /** `date_from` (date). */
  dateFrom: DateString;
  /** `date_to` (date). */
  dateTo: DateString;
  /** `status` (string). */
  status?: string;
  /** `client_group_id` (id). */
  clientGroupId?: Id;
}

/** Syncore `jobs`: search, get, create, update. */
export interface JobsResource extends Resource {
  /** Search jobs created within a date range (both dates required; newest 13 months only). */
  search(query: JobsSearchQuery): RecordIterator<Job>;
  /** Get one job by id (the id is the job number). */
  get(jobId: Id): Promise<Job>;
  /** Create a dropship job. */
  create(body: Body<'syncore', 'jobs.create'>): Promise<Written<WriteResult>>;
  /** Replace a dropship job, including its status (send the full record). */
  update(jobId: Id, body: Body<'syncore', 'jobs.update'>): Promise<Written<WriteResult>>;
}

/** Syncore `store_jobs`: create, update. */
export interface StoreJobsResource extends Resource {
  /** Create a store/program job. */
  create(body: Body<'syncore', 'store_jobs.create'>): Promise<Written<WriteResult>>;
  /** Replace a store/program job, including its status (send the full record). */
  update(jobId: Id, body: Body<'syncore', 'store_jobs.update'>): Promise<Written<WriteResult>>;
}

/** The query of `sales_orders.search`. */
export interface SalesOrdersSearchQuery {
  /** `date_from` (date_or_datetime). */
  dateFrom?: string;
  /** `date_to` (date_or_datetime). */
  dateTo?: string;
  /** `last_modified_date_from` (date_or_datetime). */
  lastModifiedDateFrom?: string;
  /** `last_modified_date_to` (date_or_datetime). */
  lastModifiedDateTo?: string;
  /** `invoice_date_from` (date_or_datetime). */
  invoiceDateFrom?: string;
  /** `invoice_date_to` (date_or_datetime). */
  invoiceDateTo?: string;
  /** `invoice_status_date_from` (date_or_datetime). */
  invoiceStatusDateFrom?: string;
  /** `invoice_status_date_to` (date_or_datetime). */
  invoiceStatusDateTo?: string;
  /** `status` (enum). */
  status?: Open<'Pending' | 'Open' | 'Invoiced' | 'Paid'>;
}

/** Syncore `sales_orders`: list, get, create, update, search. */
export interface SalesOrdersResource extends Resource {
  /** List the sales orders of a job (line items are embedded). */
  list(jobId: Id): RecordIterator<SalesOrder>;
  /** Get one sales order of a job. */
  get(jobId: Id, salesorderId: Id): Promise<SalesOrder>;
  /** Create a sales order for a job. */
  create(jobId: Id, body: Body<'syncore', 'sales_orders.create'>): Promise<Written<WriteResult>>;
  /** Replace a sales order, including its status (send the full record). */
  update(jobId: Id, salesorderId: Id, body: Body<'syncore', 'sales_orders.update'>): Promise<Written<WriteResult>>;
  /** Search sales orders across jobs by created, last-modified, invoice or invoice-status date ranges and status. */
  search(query?: SalesOrdersSearchQuery): RecordIterator<SalesOrder>;
}

/** Syncore `sales_order_line_items`: list, get, create, update. */
export interface SalesOrderLineItemsResource extends Resource {
  /** List the line items of a sales order (a tree: parent_id 0 is top level). */
  list(jobId: Id, salesorderId: Id): RecordIterator<LineItem>;
  /** Get one line item of a sales order. */
  get(jobId: Id, salesorderId: Id, lineId: Id): Promise<LineItem>;
  /** Add one line item to a sales order (no batch posting). */
  create(jobId: Id, salesorderId: Id, body: Body<'syncore', 'sales_order_line_items.create'>): Promise<Written<WriteResult>>;
  /** Replace one line item of a sales order. */
  update(jobId: Id, salesorderId: Id, lineId: Id, body: Body<'syncore', 'sales_order_line_items.update'>): Promise<Written<WriteResult>>;
}

/** Syncore `sales_order_payments`: list, create. */
export interface SalesOrderPaymentsResource extends Resource {
  /** List the payments made to a sales order. */
  list(jobId: Id, salesorderId: Id): RecordIterator<Payment>;
  /** Add a payment to a sales order. */
  create(jobId: Id, salesorderId: Id, body: Body<'syncore', 'sales_order_payments.create'>): Promise<Written<WriteResult>>;
}

/** The query of `purchase_orders.search`. */
export interface PurchaseOrdersSearchQuery {
  /** `date_from` (date_or_datetime). */
  dateFrom?: string;
  /** `date_to` (date_or_datetime). */
  dateTo?: string;
  /** `last_modified_date_from` (date_or_datetime). */
  lastModifiedDateFrom?: string;
  /** `last_modified_date_to` (date_or_datetime). */
  lastModifiedDateTo?: string;
  /** `status` (enum). */
  status?: Open<'Open' | 'Approved' | 'Posted Manually' | 'Posted @ease A/P' | 'Paid'>;
}

/** Syncore `purchase_orders`: list, get, create, update, search. */
export interface PurchaseOrdersResource extends Resource {
  /** List the purchase orders of a job (an envelope, not an array; may hold a lone object). */
  list(jobId: Id): RecordIterator<PurchaseOrder>;
  /** Get one purchase order of a job, with its line items. */
  get(jobId: Id, purchaseorderId: Id): Promise<PurchaseOrder>;
  /** Create a purchase order for a job. */
  create(jobId: Id, body: Body<'syncore', 'purchase_orders.create'>): Promise<Written<WriteResult>>;
  /** Replace a purchase order (replace semantics: a partial body silently changes nothing). */
  update(jobId: Id, purchaseorderId: Id, body: Body<'syncore', 'purchase_orders.update'>): Promise<Written<WriteResult>>;
  /** Search purchase orders across jobs by created or last-modified date ranges and status. */
  search(query?: PurchaseOrdersSearchQuery): RecordIterator<PurchaseOrder>;
}

/** Syncore `purchase_order_line_items`: list, get, update. */
export interface PurchaseOrderLineItemsResource extends Resource {
  /** List the line items of a purchase order. */
  list(jobId: Id, purchaseorderId: Id): RecordIterator<LineItem>;
  /** Get one line item of a purchase order. */
  get(jobId: Id, purchaseorderId: Id, lineId: Id): Promise<LineItem>;
  /** Replace one line item of a purchase order. */
  update(jobId: Id, purchaseorderId: Id, lineId: Id, body: Body<'syncore', 'purchase_order_line_items.update'>): Promise<Written<WriteResult>>;
}

/** Syncore `purchase_order_payments`: list, create. */
export interface PurchaseOrderPaymentsResource extends Resource {
  /** List the payments made to a purchase order. */
  list(jobId: Id, purchaseorderId: Id): RecordIterator<Payment>;
  /** Add a payment to a purchase order. */
  create(jobId: Id, purchaseorderId: Id, body: Body<'syncore', 'purchase_order_payments.create'>): Promise<Written<WriteResult>>;
}

/** Syncore `commission_codes`: list. */
export interface CommissionCodesResource extends Resource {
  /** All dropship and store commission codes (used when creating jobs). */
  list(): RecordIterator<CommissionCode>;
}

/** Syncore `card_types`: list. */
export interface CardTypesResource extends Resource {
  /** Credit card types configured for the partner (used for payments). */
  list(): RecordIterator<CardType>;
}

/** Syncore `payment_types`: list. */
export interface PaymentTypesResource extends Resource {
  /** Payment types available for sales-order and purchase-order payments. */
  list(): RecordIterator<PaymentType>;
}

/** Syncore `payment_terms`: list. */
export interface PaymentTermsResource extends Resource {
  /** Payment terms (used when creating contacts). */
  list(): RecordIterator<PaymentTerm>;
}

/** Syncore `adjustment_types`: list. */
export interface AdjustmentTypesResource extends Resource {
  /** Adjustment types (Bad Debt, Credit Card Surcharge…) used with sales-order payments. */
  list(): RecordIterator<AdjustmentType>;
}

/** Syncore `suppliers`: list. */
export interface SuppliersResource extends Resource {
  /** All suppliers (needed to create or update purchase orders). */
  list(): RecordIterator<Supplier>;
}

/** Syncore `product_indices`: list. */
export interface ProductIndicesResource extends Resource {
  /** Product indices (used when creating jobs). */
  list(): RecordIterator<ProductIndex>;
}

/** Syncore `client_groups`: list. */
export interface ClientGroupsResource extends Resource {
  /** Client groups; all contacts of one company share one. */
  list(): RecordIterator<ClientGroup>;
}

/** The query of `v1_jobs.search`. */
export interface V1JobsSearchQuery {
  /** `created_date_from` (date). */
  createdDateFrom?: DateString;
  /** `created_date_to` (date). */
  createdDateTo?: DateString;
  /** `client_group_id` (id). */
  clientGroupId?: Id;
  /** `status` (string). */
  status?: string;
}

/** Syncore `v1_jobs`: search. */
export interface V1JobsResource extends Resource {
  /** v1: search jobs by created date, client group and status. */
  search(query?: V1JobsSearchQuery): RecordIterator<Job>;
}

/** The query of `v1_contacts.search`. */
export interface V1ContactsSearchQuery {
  /** `created_date_from` (date). */
  createdDateFrom?: DateString;
  /** `created_date_to` (date). */
  createdDateTo?: DateString;
  /** `client_group_id` (id). */
  clientGroupId?: Id;
  /** `email` (email). */
  email?: string;
  /** `state` (string). */
  state?: string;
  /** `client_or_prospect` (enum). */
  clientOrProspect?: Open<'client' | 'prospect'>;
}

/** Syncore `v1_contacts`: search. */
export interface V1ContactsResource extends Resource {
  /** v1: search contacts by created date, client group, email, state and client-or-prospect. */
  search(query?: V1ContactsSearchQuery): RecordIterator<Contact>;
}

/** The query of `sales_orders.search`. */
export interface AllSalesOrdersSearchQuery {
  /** `date_from` (date_or_datetime). */
  dateFrom?: string;
  /** `date_to` (date_or_datetime). */
  dateTo?: string;
  /** `last_modified_date_from` (date_or_datetime). */
  lastModifiedDateFrom?: string;
  /** `last_modified_date_to` (date_or_datetime). */
  lastModifiedDateTo?: string;
  /** `invoice_date_from` (date_or_datetime). */
  invoiceDateFrom?: string;
  /** `invoice_date_to` (date_or_datetime). */
  invoiceDateTo?: string;
  /** `invoice_status_date_from` (date_or_datetime). */
  invoiceStatusDateFrom?: string;
  /** `invoice_status_date_to` (date_or_datetime). */
  invoiceStatusDateTo?: string;
  /** `status` (enum). */
  status?: Open<'Pending' | 'Open' | 'Invoiced' | 'Paid'>;
}

/** Syncore `all_sales_orders`: search. */
export interface AllSalesOrdersResource extends Resource {
  /** Search sales orders across jobs by created, last-modified, invoice or invoice-status date ranges and status. */
  search(query?: AllSalesOrdersSearchQuery): RecordIterator<SalesOrder>;
}

/** The query of `purchase_orders.search`. */
export interface AllPurchaseOrdersSearchQuery {
  /** `date_from` (date_or_datetime). */
  dateFrom?: string;
  /** `date_to` (date_or_datetime). */
  dateTo?: string;
  /** `last_modified_date_from` (date_or_datetime). */
  lastModifiedDateFrom?: string;
  /** `last_modified_date_to` (date_or_datetime). */
  lastModifiedDateTo?: string;
  /** `status` (enum). */
  status?: Open<'Open' | 'Approved' | 'Posted Manually' | 'Posted @ease A/P' | 'Paid'>;
}

/** Syncore `all_purchase_orders`: search. */
export interface AllPurchaseOrdersResource extends Resource {
  /** Search purchase orders across jobs by created or last-modified date ranges and status. */
  search(query?: AllPurchaseOrdersSearchQuery): RecordIterator<PurchaseOrder>;
}

/** The Syncore API: every resource of its spec, paced within every window of its policy. */
export declare class Syncore extends Client {
  /** A Syncore client. */
  constructor(options: SyncoreOptions);
  /** `contacts`: search, get, create, update. */
  readonly contacts: ContactsResource;
  /** `store_contacts`: create, update. */
  readonly storeContacts: StoreContactsResource;
  /** `jobs`: search, get, create, update. */
  readonly jobs: JobsResource;
  /** `store_jobs`: create, update. */
  readonly storeJobs: StoreJobsResource;
  /** `sales_orders`: list, get, create, update, search. */
  readonly salesOrders: SalesOrdersResource;
  /** `sales_order_line_items`: list, get, create, update. */
  readonly salesOrderLineItems: SalesOrderLineItemsResource;
  /** `sales_order_payments`: list, create. */
  readonly salesOrderPayments: SalesOrderPaymentsResource;
  /** `purchase_orders`: list, get, create, update, search. */
  readonly purchaseOrders: PurchaseOrdersResource;
  /** `purchase_order_line_items`: list, get, update. */
  readonly purchaseOrderLineItems: PurchaseOrderLineItemsResource;
  /** `purchase_order_payments`: list, create. */
  readonly purchaseOrderPayments: PurchaseOrderPaymentsResource;
  /** `commission_codes`: list. */
  readonly commissionCodes: CommissionCodesResource;
  /** `card_types`: list. */
  readonly cardTypes: CardTypesResource;
  /** `payment_types`: list. */
  readonly paymentTypes: PaymentTypesResource;
  /** `payment_terms`: list. */
  readonly paymentTerms: PaymentTermsResource;
  /** `adjustment_types`: list. */
  readonly adjustmentTypes: AdjustmentTypesResource;
  /** `suppliers`: list. */
  readonly suppliers: SuppliersResource;
  /** `product_indices`: list. */
  readonly productIndices: ProductIndicesResource;
  /** `client_groups`: list. */
  readonly clientGroups: ClientGroupsResource;
  /** `v1_jobs`: search. */
  readonly v1Jobs: V1JobsResource;
  /** `v1_contacts`: search. */
  readonly v1Contacts: V1ContactsResource;
  /** `all_sales_orders`: search. */
  readonly allSalesOrders: AllSalesOrdersResource;
  /** `all_purchase_orders`: search. */
  readonly allPurchaseOrders: AllPurchaseOrdersResource;
}

// Synq resources

/** Synq `products`: list, get, create, update, delete. */
export interface SynqProductsResource extends Resource {
  /** Products, newest first; the API returns at most 100 (no paging yet): `truncated` says when it cut. */
  list(): RecordIterator<SynqProduct>;
  /** One product with its full record. */
  get(productId: Id): Promise<SynqProduct>;
  /** Create a product (status ACTIVE). */
  create(body: Body<'synq', 'products.create'>): Promise<Written<SynqProduct>>;
  /** Update a product's title, description and category. */
  update(productId: Id, body: Body<'synq', 'products.update'>): Promise<Written<SynqProduct>>;
  /** Delete a product (204). */
  delete(productId: Id): Promise<Written>;
}

/** Synq `product_variants`: create. */
export interface SynqProductVariantsResource extends Resource {
  /** Add a variant to a product. */
  create(productId: Id, body: Body<'synq', 'product_variants.create'>): Promise<Written<SynqVariant>>;
}

/** Synq `categories`: list, create. */
export interface SynqCategoriesResource extends Resource {
  /** Active categories, alphabetical. */
  list(): RecordIterator<SynqCategory>;
  /** Create a category (the server reads parentId in camelCase). */
  create(body: Body<'synq', 'categories.create'>): Promise<Written<SynqCategory>>;
}

/** Synq `brands`: list, create. */
export interface SynqBrandsResource extends Resource {
  /** Brands. */
  list(): RecordIterator<SynqBrand>;
  /** Create a brand (the server reads logoUrl in camelCase). */
  create(body: Body<'synq', 'brands.create'>): Promise<Written<SynqBrand>>;
}

/** Synq `attributes`: list, create. */
export interface SynqAttributesResource extends Resource {
  /** Attributes, alphabetical. */
  list(): RecordIterator<SynqAttribute>;
  /** Create an attribute. */
  create(body: Body<'synq', 'attributes.create'>): Promise<Written<SynqAttribute>>;
}

/** Synq `attribute_groups`: list, create. */
export interface SynqAttributeGroupsResource extends Resource {
  /** Attribute groups. */
  list(): RecordIterator<SynqAttributeGroup>;
  /** Create an attribute group. */
  create(body: Body<'synq', 'attribute_groups.create'>): Promise<Written<SynqAttributeGroup>>;
}

/** Synq `templates`: list, create. */
export interface SynqTemplatesResource extends Resource {
  /** Product templates (product types). */
  list(): RecordIterator<SynqTemplate>;
  /** Create a product template. */
  create(body: Body<'synq', 'templates.create'>): Promise<Written<SynqTemplate>>;
}

/** The query of `media.list`. */
export interface SynqMediaListQuery {
  /** `product_id` (uuid). */
  productId?: string;
  /** `variant_id` (uuid). */
  variantId?: string;
}

/** Synq `media`: list, create. */
export interface SynqMediaResource extends Resource {
  /** Product and variant images. */
  list(query?: SynqMediaListQuery): RecordIterator<SynqMedia>;
  /** Attach an image to a product or variant. */
  create(body: Body<'synq', 'media.create'>): Promise<Written<SynqMedia>>;
}

/** The query of `bulk_jobs.list`. */
export interface SynqBulkJobsListQuery {
  /** `type` (enum). */
  type?: Open<'BULK_IMPORT' | 'BULK_UPDATE' | 'BULK_DELETE'>;
}

/** Synq `bulk_jobs`: list, create. */
export interface SynqBulkJobsResource extends Resource {
  /** Bulk jobs of one type, newest first (poll it to follow a job). */
  list(query?: SynqBulkJobsListQuery): RecordIterator<SynqBulkJob>;
  /** Queue a bulk import, update or delete (asynchronous). */
  create(body: Body<'synq', 'bulk_jobs.create'>): Promise<Written<SynqBulkJob>>;
}

/** Synq `exports`: create. */
export interface SynqExportsResource extends Resource {
  /** Queue a catalog export (202; the result is delivered out of band). */
  create(body: Body<'synq', 'exports.create'>): Promise<Written>;
}

/** Synq `orders`: list, get, create. */
export interface SynqOrdersResource extends Resource {
  /** Orders, paged by limit (at most 100) and offset. */
  list(): RecordIterator<SynqOrder>;
  /** One order. */
  get(orderId: Id): Promise<SynqOrder>;
  /** Place an order. Asynchronous: answers the workflow ids. Safe to retry with the same idempotency_key (pacer generates one per logical create and reuses it). */
  create(body: Body<'synq', 'orders.create'>): Promise<Written<SynqOrderAccepted>>;
}

/** Synq `inventory`: adjust. */
export interface SynqInventoryResource extends Resource {
  /** Record a stock adjustment (a signed quantity_delta; entries are immutable). */
  adjust(body: Body<'synq', 'inventory.adjust'>): Promise<Written<SynqInventoryAdjustment>>;
}

/** Synq `channels`: list, create. */
export interface SynqChannelsResource extends Resource {
  /** Sales channels. */
  list(): RecordIterator<SynqChannel>;
  /** Create a sales channel (Admin or Editor). */
  create(body: Body<'synq', 'channels.create'>): Promise<Written<SynqChannel>>;
}

/** Synq `integrations`: authUrl, callback. */
export interface SynqIntegrationsResource extends Resource {
  /** The Unified.to OAuth URL that connects a commerce platform. */
  authUrl(body: Body<'synq', 'integrations.auth_url'>): Promise<Written>;
  /** Register a connection after the OAuth flow (201). */
  callback(body: Body<'synq', 'integrations.callback'>): Promise<Written<SynqConnection>>;
}

/** Synq `connections`: list. */
export interface SynqConnectionsResource extends Resource {
  /** Connections to commerce and accounting platforms. */
  list(): RecordIterator<SynqConnection>;
}

/** Synq `members`: list, invite. */
export interface SynqMembersResource extends Resource {
  /** Organization members (active and invited). */
  list(): RecordIterator<SynqMember>;
  /** Invite a member (Admin only; 201). */
  invite(body: Body<'synq', 'members.invite'>): Promise<Written>;
}

/** Synq `tenant_settings`: get, update. */
export interface SynqTenantSettingsResource extends Resource {
  /** Tenant settings. */
  get(): Promise<SynqTenantSettings>;
  /** Replace the tenant settings (Admin only; send all four fields). */
  update(body: Body<'synq', 'tenant_settings.update'>): Promise<Written<SynqTenantSettings>>;
}

/** Synq `audit`: list. */
export interface SynqAuditResource extends Resource {
  /** The audit log, newest first; the API returns at most 50 entries: `truncated` says when it cut. */
  list(): RecordIterator<SynqAuditEntry>;
}

/** The Synq API: every resource of its spec, paced within every window of its policy. */
export declare class Synq extends Client {
  /** A Synq client. */
  constructor(options: SynqOptions);
  /** `products`: list, get, create, update, delete. */
  readonly products: SynqProductsResource;
  /** `product_variants`: create. */
  readonly productVariants: SynqProductVariantsResource;
  /** `categories`: list, create. */
  readonly categories: SynqCategoriesResource;
  /** `brands`: list, create. */
  readonly brands: SynqBrandsResource;
  /** `attributes`: list, create. */
  readonly attributes: SynqAttributesResource;
  /** `attribute_groups`: list, create. */
  readonly attributeGroups: SynqAttributeGroupsResource;
  /** `templates`: list, create. */
  readonly templates: SynqTemplatesResource;
  /** `media`: list, create. */
  readonly media: SynqMediaResource;
  /** `bulk_jobs`: list, create. */
  readonly bulkJobs: SynqBulkJobsResource;
  /** `exports`: create. */
  readonly exports: SynqExportsResource;
  /** `orders`: list, get, create. */
  readonly orders: SynqOrdersResource;
  /** `inventory`: adjust. */
  readonly inventory: SynqInventoryResource;
  /** `channels`: list, create. */
  readonly channels: SynqChannelsResource;
  /** `integrations`: authUrl, callback. */
  readonly integrations: SynqIntegrationsResource;
  /** `connections`: list. */
  readonly connections: SynqConnectionsResource;
  /** `members`: list, invite. */
  readonly members: SynqMembersResource;
  /** `tenant_settings`: get, update. */
  readonly tenantSettings: SynqTenantSettingsResource;
  /** `audit`: list. */
  readonly audit: SynqAuditResource;
}

// Salync resources

/** The query of `products.list`. */
export interface SalyncProductsListQuery {
  /** `archived` (boolean). */
  archived?: boolean;
  /** `search` (string). */
  search?: string;
}

/** Salync `products`: list, get, bySku, create, update, archive. */
export interface SalyncProductsResource extends Resource {
  /** Products (archived ones only when asked). */
  list(query?: SalyncProductsListQuery): RecordIterator<SalyncProduct>;
  /** One product with its variants and stock. */
  get(productId: Id): Promise<SalyncProduct>;
  /** Find a product by SKU (404 product_not_found when none). */
  bySku(sku: Id): Promise<SalyncProduct>;
  /** Create a product (up to three option types; variants are every combination). */
  create(body: Body<'salync', 'products.create'>): Promise<Written<SalyncProduct>>;
  /** Update a product. */
  update(productId: Id, body: Body<'salync', 'products.update'>): Promise<Written<SalyncProduct>>;
  /** Archive a product (Salync archives rather than deletes). */
  archive(productId: Id): Promise<Written<SalyncProduct>>;
}

/** Salync `product_variants`: list, get, create, update, archive. */
export interface SalyncProductVariantsResource extends Resource {
  /** The variants of a product. */
  list(productId: Id): RecordIterator<SalyncVariant>;
  /** One variant. */
  get(productId: Id, variantId: Id): Promise<SalyncVariant>;
  /** Add a variant. */
  create(productId: Id, body: Body<'salync', 'product_variants.create'>): Promise<Written<SalyncVariant>>;
  /** Update a variant. */
  update(productId: Id, variantId: Id, body: Body<'salync', 'product_variants.update'>): Promise<Written<SalyncVariant>>;
  /** Archive a variant. */
  archive(productId: Id, variantId: Id): Promise<Written<SalyncVariant>>;
}

/** The query of `stock.list`. */
export interface SalyncStockListQuery {
  /** `low_stock` (boolean). */
  lowStock?: boolean;
  /** `out_of_stock` (boolean). */
  outOfStock?: boolean;
  /** `product_id` (string). */
  productId?: string;
}

/** Salync `stock`: list. */
export interface SalyncStockResource extends Resource {
  /** Current stock levels, per product and variant. */
  list(query?: SalyncStockListQuery): RecordIterator<SalyncStockLevel>;
}

/** The query of `stock_adjustments.list`. */
export interface SalyncStockAdjustmentsListQuery {
  /** `product_id` (string). */
  productId?: string;
}

/** Salync `stock_adjustments`: list, create. */
export interface SalyncStockAdjustmentsResource extends Resource {
  /** Stock adjustments, newest first. */
  list(query?: SalyncStockAdjustmentsListQuery): RecordIterator<SalyncStockAdjustment>;
  /** Record a stock adjustment (the quantity is positive; the type gives the sign). */
  create(body: Body<'salync', 'stock_adjustments.create'>): Promise<Written<SalyncStockAdjustment>>;
}

/** Salync `suppliers`: list, get. */
export interface SalyncSuppliersResource extends Resource {
  /** Suppliers. */
  list(): RecordIterator<SalyncSupplier>;
  /** One supplier. */
  get(supplierId: Id): Promise<SalyncSupplier>;
}

/** The query of `purchase_orders.list`. */
export interface SalyncPurchaseOrdersListQuery {
  /** `status` (enum). */
  status?: Open<'draft' | 'sent' | 'confirmed' | 'in_transit' | 'received' | 'cancelled'>;
}

/** Salync `purchase_orders`: list, get, create. */
export interface SalyncPurchaseOrdersResource extends Resource {
  /** Purchase orders. */
  list(query?: SalyncPurchaseOrdersListQuery): RecordIterator<SalyncPurchaseOrder>;
  /** One purchase order with its lines. */
  get(purchaseOrderId: Id): Promise<SalyncPurchaseOrder>;
  /** Create a purchase order (saved as a draft, or sent). */
  create(body: Body<'salync', 'purchase_orders.create'>): Promise<Written<SalyncPurchaseOrder>>;
}

/** Salync `channels`: list, get. */
export interface SalyncChannelsResource extends Resource {
  /** Sales channels with their connection status. */
  list(): RecordIterator<SalyncChannel>;
  /** One channel's connection status. */
  get(channelId: Id): Promise<SalyncChannel>;
}

/** Salync `channel_listings`: list. */
export interface SalyncChannelListingsResource extends Resource {
  /** The listing states of one channel. */
  list(channelId: Id): RecordIterator<SalyncListing>;
}

/** The Salync API: every resource of its spec, paced within every window of its policy. */
export declare class Salync extends Client {
  /** A Salync client. */
  constructor(options: SalyncOptions);
  /** `products`: list, get, bySku, create, update, archive. */
  readonly products: SalyncProductsResource;
  /** `product_variants`: list, get, create, update, archive. */
  readonly productVariants: SalyncProductVariantsResource;
  /** `stock`: list. */
  readonly stock: SalyncStockResource;
  /** `stock_adjustments`: list, create. */
  readonly stockAdjustments: SalyncStockAdjustmentsResource;
  /** `suppliers`: list, get. */
  readonly suppliers: SalyncSuppliersResource;
  /** `purchase_orders`: list, get, create. */
  readonly purchaseOrders: SalyncPurchaseOrdersResource;
  /** `channels`: list, get. */
  readonly channels: SalyncChannelsResource;
  /** `channel_listings`: list. */
  readonly channelListings: SalyncChannelListingsResource;
}
// END GENERATED CLIENTS

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

/** Synq's order status machine, also reached as `Synq.orderStatus`. */
export declare namespace Synq {
  /** Synq's order status machine. */
  const orderStatus: OrderStatusMachine;
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
  /** Synq: a fresh bearer token valid for `ttl` (seconds, or a `Duration`) of the emulator's clock (an hour by default). */
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
  /** Moves a virtual clock forward: `advance({hours: 24})` or a number of seconds. */
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

// ---------------------------------------------------------------------------------------------
// The surface

/** One client option as `surface` lists it. */
export interface OptionInfo {
  /** Its JavaScript name, e.g. `connectTimeout`. */
  readonly name: string;
  /** Its type: `text`, `secret`, `bool`, `count`, `seconds`, `choice`, `clock`, `token_provider`. */
  readonly type: string;
  /** Its default (`null`: not set). Durations are in seconds. */
  readonly default: unknown;
  /** Whether a client cannot be built without it. */
  readonly required: boolean;
  /** What it does. */
  readonly doc: string;
}

/** One provider as `surface` lists it. */
export interface ProviderInfo {
  /** Its spec name, e.g. `syncore`. */
  readonly name: string;
  /** Its name for people, also its client class's name. */
  readonly displayName: string;
  /** How it authenticates: `api_key` or `token`. */
  readonly credential: string;
  /** Its client options, in the order they are documented. */
  readonly options: readonly OptionInfo[];
  /** The camelCase fields of each of its records, by record name. */
  readonly records: Readonly<Record<string, readonly string[]>>;
}

/** The surface this binding presents (from `pacer_sdk::surface`), in JavaScript names. */
export interface Surface {
  /** Every provider. */
  readonly providers: readonly ProviderInfo[];
  /** The camelCase fields of each webhook payload record. */
  readonly webhookRecords: Readonly<Record<string, readonly string[]>>;
  /** The error table. */
  readonly errors: {
    /** The base class's name. */
    readonly base: string;
    /** Each kind, its class and when it happens. */
    readonly kinds: readonly { readonly kind: ErrorKind; readonly class: string; readonly doc: string }[];
    /** The fields every error carries, in JavaScript names. */
    readonly fields: readonly { readonly name: string; readonly type: string; readonly optional: boolean }[];
    /** Every stable code and the kind of error that carries it. */
    readonly codes: readonly { readonly code: string; readonly kind: ErrorKind }[];
  };
}

/** The surface this binding presents: providers, options with their defaults, records, errors. */
export declare const surface: Surface;

/** The package version. */
export declare const version: string;
