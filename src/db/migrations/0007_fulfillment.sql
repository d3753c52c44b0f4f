-- Fulfillment: shipments from reserved stock, one warehouse each, picked, packed, shipped and delivered.

-- Shipment numbers need to be unique, not gapless.
create sequence shipment_number_seq;

create table shipments (
  id               text primary key,
  number           text not null unique,
  order_id         text not null references orders (id),
  customer_id      text not null references customers (id),
  warehouse_id     text not null references warehouses (id),
  status           text not null,
  carrier          text,
  tracking_number  text,
  packages         int check (packages > 0),
  shipped_at       timestamptz,
  delivered_on     date,
  created_by       text not null,
  created_at       timestamptz not null,
  updated_at       timestamptz not null
);
create index shipments_order_idx on shipments (order_id, id);
create index shipments_customer_idx on shipments (customer_id, id);
-- The warehouse's pick / pack / ship list.
create index shipments_warehouse_status_idx on shipments (warehouse_id, status, id);
create index shipments_status_idx on shipments (status, id);

-- What a shipment carries: so many units of an order line. While the shipment is open (pick_list, picked,
-- packed) its units are claimed from the line's stock reservations in its warehouse; shipping consumes them.
create table shipment_lines (
  id             text primary key,
  shipment_id    text not null references shipments (id),
  order_line_id  text not null references order_lines (id),
  product_id     text not null references products (id),
  quantity       int not null check (quantity > 0),
  unique (shipment_id, order_line_id)
);
create index shipment_lines_order_line_idx on shipment_lines (order_line_id);
