-- Order entry: orders, their lines, and what each line is promised from (stock, incoming supply, lead time).

-- Incoming units already promised to orders; never more than is still coming.
alter table supply add column promised_quantity int not null default 0;
alter table supply add constraint supply_promised_within_outstanding
  check (promised_quantity >= 0 and promised_quantity <= quantity - received_quantity);

-- Order numbers need to be unique, not gapless: a sequence hands them out without a lock.
create sequence order_number_seq;

create table orders (
  id                  text primary key,
  number              text not null unique,
  customer_id         text not null references customers (id),
  status              text not null,
  currency            char(3) not null,
  total_amount        bigint not null,
  requested_date      date,
  promised_date       date,
  channel             text not null,
  external_ref        text,
  ship_to_address_id  text references customer_addresses (id),
  notes               text,
  created_by          text not null,
  created_at          timestamptz not null,
  updated_at          timestamptz not null
);
create unique index orders_external_ref_idx on orders (customer_id, external_ref) where external_ref is not null;
create index orders_customer_idx on orders (customer_id, id);
create index orders_status_idx on orders (status, id);

create table order_lines (
  id                   text primary key,
  order_id             text not null references orders (id),
  line_no              int not null,
  product_id           text not null references products (id),
  quantity             int not null check (quantity > 0),
  unit_price_amount    bigint not null check (unit_price_amount >= 0),
  total_amount         bigint not null,
  price_source         text not null,
  reserved_quantity    int not null default 0,
  backordered_quantity int not null default 0,
  promised_date        date,
  status               text not null default 'open' check (status in ('open', 'removed')),
  unique (order_id, line_no),
  check (reserved_quantity >= 0 and backordered_quantity >= 0 and reserved_quantity + backordered_quantity <= quantity)
);
create index order_lines_product_idx on order_lines (product_id);

-- What a line is promised from, and why: stock reserved in a warehouse, units of an incoming supply, or
-- the product's lead time when nothing is coming. Active rows are the line's current promise.
create table reservations (
  id             text primary key,
  order_id       text not null references orders (id),
  order_line_id  text not null references order_lines (id),
  product_id     text not null references products (id),
  source         text not null check (source in ('stock', 'supply', 'lead_time')),
  warehouse_id   text references warehouses (id),
  supply_id      text references supply (id),
  quantity       int not null check (quantity > 0),
  promised_date  date not null,
  reason         text not null,
  status         text not null default 'active' check (status in ('active', 'released', 'converted', 'shipped')),
  created_at     timestamptz not null,
  ended_at       timestamptz
);
create index reservations_line_idx on reservations (order_line_id);
create index reservations_order_idx on reservations (order_id);
create index reservations_supply_idx on reservations (supply_id) where status = 'active' and supply_id is not null;
create index reservations_waiting_idx on reservations (product_id, created_at) where status = 'active' and source <> 'stock';
