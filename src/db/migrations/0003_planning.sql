-- Planning: the catalog, warehouses, stock kept by an append-only movements ledger, and expected supply.

create table products (
  id                   text primary key,
  sku                  text not null,
  name                 text not null,
  kind                 text not null check (kind in ('stocked', 'made_to_order', 'service')),
  currency             char(3) not null,
  list_price_amount    bigint not null check (list_price_amount >= 0),
  standard_cost_amount bigint check (standard_cost_amount >= 0),
  lead_time_days       int not null default 0 check (lead_time_days between 0 and 3650),
  warranty_days        int not null default 0 check (warranty_days between 0 and 36500),
  needs_installation   boolean not null default false,
  active               boolean not null default true,
  created_at           timestamptz not null,
  updated_at           timestamptz not null
);
create unique index products_sku_idx on products (lower(sku));

create table warehouses (
  id            text primary key,
  code          text not null,
  name          text not null,
  handling_days int not null default 1 check (handling_days between 0 and 365),
  transit_days  int not null default 2 check (transit_days between 0 and 365),
  active        boolean not null default true,
  created_at    timestamptz not null,
  updated_at    timestamptz not null
);
create unique index warehouses_code_idx on warehouses (lower(code));

-- One row per product × warehouse. The checks are the last line against overselling: reserved stock can
-- never exceed stock on hand, whatever the application does.
create table stock (
  product_id   text not null references products (id),
  warehouse_id text not null references warehouses (id),
  on_hand      int not null default 0,
  reserved     int not null default 0,
  updated_at   timestamptz not null,
  primary key (product_id, warehouse_id),
  check (on_hand >= 0 and reserved >= 0 and reserved <= on_hand)
);

-- Whatever moves stock writes a movement: on_hand = sum(on_hand_delta), reserved = sum(reserved_delta).
create table stock_movements (
  seq             bigint generated always as identity primary key,
  id              text not null unique,
  product_id      text not null references products (id),
  warehouse_id    text not null references warehouses (id),
  kind            text not null check (kind in ('adjustment', 'receipt', 'reservation', 'release', 'shipment')),
  on_hand_delta   int not null,
  reserved_delta  int not null,
  reason          text,
  supply_id       text,
  order_id        text,
  order_line_id   text,
  actor           text not null,
  at              timestamptz not null
);
create index stock_movements_stock_idx on stock_movements (product_id, warehouse_id, seq);

-- One guard for every ledger from here on: its rows are written once and never changed.
create function forbid_change_of_ledger() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: % is not allowed', tg_table_name, tg_op;
end $$;
create trigger stock_movements_append_only before update or delete or truncate on stock_movements
  for each statement execute function forbid_change_of_ledger();

-- Stock that is coming: a purchase or a production run, expected on a date, received in one or more parts.
create table supply (
  id                text primary key,
  product_id        text not null references products (id),
  warehouse_id      text not null references warehouses (id),
  kind              text not null check (kind in ('purchase', 'production')),
  quantity          int not null check (quantity > 0),
  received_quantity int not null default 0 check (received_quantity >= 0 and received_quantity <= quantity),
  expected_date     date not null,
  reference         text,
  status            text not null default 'open',
  created_at        timestamptz not null,
  updated_at        timestamptz not null
);
create index supply_open_idx on supply (product_id, expected_date) where status in ('open', 'partially_received');
