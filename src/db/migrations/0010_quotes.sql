-- Quotes: a customer asks (or sales offers), sales and pricing price it from cost and price lists, finance or
-- an executive approves what the rules say needs approval, the customer accepts (an order) or declines. Every
-- revision is a new row of the same quote number; the old one is kept, superseded.

create sequence quote_number_seq;

create table quotes (
  id                 text primary key,
  number             text not null,
  version            int not null default 1 check (version >= 1),
  customer_id        text not null references customers (id),
  opportunity_id     text references opportunities (id),
  campaign_id        text references campaigns (id),
  status             text not null,
  currency           char(3) not null,
  needed_by          date,
  message            text,
  valid_until        date,
  requested_at       timestamptz not null,
  -- When the customer is owed an answer (a sent quote): from the request and the SLA of the customer's tier.
  response_due_at    timestamptz not null,
  sent_at            timestamptz,
  decided_at         timestamptz,
  total_amount       bigint not null default 0,
  cost_amount        bigint,
  discount_amount    bigint not null default 0,
  decision_reason    text,
  order_id           text references orders (id),
  supersedes_id      text references quotes (id),
  created_by         text not null,
  created_at         timestamptz not null,
  updated_at         timestamptz not null,
  unique (number, version)
);
create index quotes_customer_idx on quotes (customer_id, id);
create index quotes_status_idx on quotes (status, id);
create index quotes_opportunity_idx on quotes (opportunity_id) where opportunity_id is not null;
create index quotes_campaign_idx on quotes (campaign_id) where campaign_id is not null;
-- The expiry sweep reads sent quotes by validity.
create index quotes_sent_valid_idx on quotes (valid_until) where status = 'sent';
-- One order per quote, whatever the concurrency.
create unique index quotes_order_idx on quotes (order_id) where order_id is not null;

create table quote_lines (
  id                    text primary key,
  quote_id              text not null references quotes (id),
  line_no               int not null,
  product_id            text not null references products (id),
  quantity              int not null check (quantity > 0),
  -- Null until the quote is priced (a customer's request names products and quantities only).
  base_unit_price_amount bigint,
  price_source          text,
  price_list_id         text references price_lists (id),
  discount_percent      numeric(5, 2) not null default 0 check (discount_percent between 0 and 100),
  unit_price_amount     bigint,
  total_amount          bigint,
  unit_cost_amount      bigint,
  cost_method           text,
  promised_date         date,
  promise_reason        text,
  unique (quote_id, line_no)
);
create index quote_lines_quote_idx on quote_lines (quote_id);

-- Approval rules are data: each names a measure, a threshold and the role that must approve past it.
create table quote_approval_rules (
  id            text primary key,
  name          text not null,
  kind          text not null check (kind in ('margin_below_percent', 'discount_above_percent', 'total_above')),
  threshold     numeric(14, 2) not null,
  -- Only for total_above: the amount is in minor units of this currency.
  currency      char(3),
  approver_role text not null check (approver_role in ('finance', 'executive')),
  active        boolean not null default true,
  created_at    timestamptz not null,
  updated_at    timestamptz not null,
  check ((kind = 'total_above') = (currency is not null))
);

insert into quote_approval_rules (id, name, kind, threshold, currency, approver_role, created_at, updated_at) values
  ('qar_01jd0000000000000000000001', 'Margin below 15 %', 'margin_below_percent', 15, null, 'finance', now(), now()),
  ('qar_01jd0000000000000000000002', 'Discount above 20 %', 'discount_above_percent', 20, null, 'finance', now(), now()),
  ('qar_01jd0000000000000000000003', 'Total above 50,000.00 EUR', 'total_above', 5000000, 'EUR', 'executive', now(), now());

create table quote_approvals (
  id            text primary key,
  quote_id      text not null references quotes (id),
  rule_id       text references quote_approval_rules (id),
  reason        text not null,
  approver_role text not null,
  -- void: the round ended without this decision (another approver denied, or the quote was revised).
  status        text not null check (status in ('pending', 'approved', 'denied', 'void')),
  comment       text,
  decided_by    text,
  decided_at    timestamptz,
  created_at    timestamptz not null
);
create index quote_approvals_quote_idx on quote_approvals (quote_id);

-- How soon a customer of each tier is owed an answer, and how long a sent quote stays valid.
create table quote_response_slas (
  tier            text primary key check (tier in ('strategic', 'key', 'standard')),
  response_hours  int not null check (response_hours > 0)
);
insert into quote_response_slas values ('strategic', 4), ('key', 8), ('standard', 24);

create table quote_settings (
  singleton      boolean primary key default true check (singleton),
  validity_days  int not null check (validity_days > 0)
);
insert into quote_settings values (true, 30);

alter table orders add column quote_id text references quotes (id);
