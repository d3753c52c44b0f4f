-- Work orders: a made-to-order line is built in its routing's operations, in order, each owned by its work
-- center's department; finishing the last consumes the components and receives the product into stock,
-- reserved for the line — only then can the line ship.

create sequence work_order_number_seq;

create table work_orders (
  id             text primary key,
  number         text not null unique,
  order_id       text not null references orders (id),
  order_line_id  text not null references order_lines (id),
  product_id     text not null references products (id),
  quantity       int not null check (quantity > 0),
  warehouse_id   text not null references warehouses (id),
  status         text not null,
  created_by     text not null,
  created_at     timestamptz not null,
  started_at     timestamptz,
  completed_at   timestamptz,
  updated_at     timestamptz not null
);
create index work_orders_order_idx on work_orders (order_id);
create index work_orders_status_idx on work_orders (status, id);
-- One work order at a time per line: a cancelled one may be replaced.
create unique index work_orders_line_idx on work_orders (order_line_id) where status <> 'cancelled';

create table work_order_operations (
  id                   text primary key,
  work_order_id        text not null references work_orders (id),
  sequence             int not null,
  routing_operation_id text references routing_operations (id),
  work_center_id       text not null references work_centers (id),
  department           text not null,
  description          text not null,
  planned_minutes      int not null check (planned_minutes >= 0),
  status               text not null,
  started_at           timestamptz,
  completed_at         timestamptz,
  completed_by         text,
  updated_at           timestamptz not null,
  unique (work_order_id, sequence)
);

create table work_order_materials (
  id             text primary key,
  work_order_id  text not null references work_orders (id),
  component_id   text not null references products (id),
  -- Per the bill of materials, for the whole work order (rounded up to whole units).
  quantity       int not null check (quantity > 0),
  consumed       boolean not null default false
);
create index work_order_materials_wo_idx on work_order_materials (work_order_id);

-- Stock moves of production: components consumed, the finished product received.
alter table stock_movements drop constraint stock_movements_kind_check;
alter table stock_movements add constraint stock_movements_kind_check
  check (kind in ('adjustment', 'receipt', 'reservation', 'release', 'shipment', 'consumption', 'production'));
