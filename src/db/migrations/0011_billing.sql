-- Billing: invoices from what shipped, credit notes that correct them, payments and their allocations.
-- Money moves are immutable rows; an invoice's open balance is a sum of them, never a stored running total.

-- What the tax decision needs from the parties: a buyer with a VAT id is a business; products say how VAT
-- treats them (the rate itself comes from the seller's settings).
alter table customers add column vat_id text;
alter table products add column tax_category text not null default 'standard'
  check (tax_category in ('standard', 'reduced', 'zero', 'exempt'));

-- The seller: one row, edited by finance. Issuing refuses while the legal name or address is missing.
create table billing_settings (
  id                   int primary key check (id = 1),
  legal_name           text,
  vat_id               text,
  company_id           text,
  address_line1        text,
  address_line2        text,
  city                 text,
  postal_code          text,
  country              char(2),
  email                text,
  phone                text,
  endpoint_id          text,
  endpoint_scheme      text,
  iban                 text,
  bic                  text,
  invoice_prefix       text not null default 'INV',
  credit_note_prefix   text not null default 'CN',
  consolidation        text not null default 'per_shipment' check (consolidation in ('per_shipment', 'per_customer_period')),
  standard_rate_bp     int not null default 1900 check (standard_rate_bp between 0 and 10000),
  reduced_rate_bp      int not null default 700 check (reduced_rate_bp between 0 and 10000),
  exemption_reason     text not null default 'Exempt from VAT',
  updated_by           text,
  updated_at           timestamptz
);
insert into billing_settings (id) values (1);

-- Gapless numbers: one row per series and year, incremented with UPDATE … RETURNING inside the issuing
-- transaction. The row lock serialises issuers; a rolled-back issue gives its number back.
create table document_number_counters (
  series       text not null,
  year         int not null,
  last_number  int not null,
  primary key (series, year)
);

create table invoices (
  id               text primary key,
  number           text unique,
  customer_id      text not null references customers (id),
  status           text not null,
  currency         char(3) not null,
  issue_date       date,
  due_date         date,
  period_from      date,
  period_to        date,
  buyer_reference  text,
  order_reference  text,
  net_amount       bigint not null,
  tax_amount       bigint not null,
  gross_amount     bigint not null,
  -- per (category, rate): taxable and tax, as issued
  tax_subtotals    jsonb not null,
  -- the parties as they were at issue: a later change of address or VAT id never edits an issued invoice
  seller           jsonb,
  buyer            jsonb not null,
  created_by       text not null,
  created_at       timestamptz not null,
  updated_at       timestamptz not null,
  check (gross_amount = net_amount + tax_amount),
  -- drafts have no number; everything issued has one
  check (status in ('draft', 'discarded') or number is not null)
);
create index invoices_customer_idx on invoices (customer_id, id);
create index invoices_status_idx on invoices (status, due_date);

-- One line per shipment line: what shipped, from which order line and shipment, at the order's price.
-- A shipment line is billed at most once (the unique index), whatever the concurrency.
create table invoice_lines (
  id                 text primary key,
  invoice_id         text not null references invoices (id),
  line_no            int not null,
  order_id           text not null references orders (id),
  order_line_id      text not null references order_lines (id),
  shipment_id        text not null references shipments (id),
  shipment_line_id   text not null unique references shipment_lines (id),
  product_id         text not null references products (id),
  sku                text not null,
  description        text not null,
  quantity           int not null check (quantity > 0),
  unit_price_amount  bigint not null check (unit_price_amount >= 0),
  net_amount         bigint not null,
  tax_category       text not null,
  tax_rate_bp        int not null,
  exemption_reason   text,
  exemption_code     text,
  unique (invoice_id, line_no),
  check (net_amount = quantity * unit_price_amount)
);
create index invoice_lines_order_idx on invoice_lines (order_id);

-- A credit note corrects one issued invoice; its own gapless series.
create table credit_notes (
  id              text primary key,
  number          text not null unique,
  invoice_id      text not null references invoices (id),
  customer_id     text not null references customers (id),
  currency        char(3) not null,
  issue_date      date not null,
  reason          text not null,
  net_amount      bigint not null check (net_amount > 0),
  tax_amount      bigint not null check (tax_amount >= 0),
  gross_amount    bigint not null,
  tax_subtotals   jsonb not null,
  created_by      text not null,
  created_at      timestamptz not null,
  check (gross_amount = net_amount + tax_amount)
);
create index credit_notes_invoice_idx on credit_notes (invoice_id);
create index credit_notes_customer_idx on credit_notes (customer_id, id);

-- Units taken back (quantity > 0) or a price allowance (quantity 0), against one invoice line.
create table credit_note_lines (
  id                 text primary key,
  credit_note_id     text not null references credit_notes (id),
  invoice_line_id    text not null references invoice_lines (id),
  line_no            int not null,
  quantity           int not null check (quantity >= 0),
  net_amount         bigint not null check (net_amount > 0),
  unique (credit_note_id, line_no)
);
create index credit_note_lines_invoice_line_idx on credit_note_lines (invoice_line_id);

create table payments (
  id           text primary key,
  customer_id  text not null references customers (id),
  currency     char(3) not null,
  amount       bigint not null check (amount > 0),
  received_on  date not null,
  method       text not null,
  reference    text,
  created_by   text not null,
  created_at   timestamptz not null
);
create index payments_customer_idx on payments (customer_id, id);

-- Money of a payment applied to an invoice. What is not allocated is the customer's credit.
create table payment_allocations (
  id          text primary key,
  payment_id  text not null references payments (id),
  invoice_id  text not null references invoices (id),
  amount      bigint not null check (amount > 0),
  created_by  text not null,
  created_at  timestamptz not null
);
create index payment_allocations_payment_idx on payment_allocations (payment_id);
create index payment_allocations_invoice_idx on payment_allocations (invoice_id);
