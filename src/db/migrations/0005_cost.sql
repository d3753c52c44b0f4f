-- Cost data: work centers (rate, overhead and capacity calendar), bills of materials and routings.

-- Where operations run. Labour is charged at the hourly rate; overhead is a percentage of that labour.
-- Capacity: parallel_units identical units, each working minutes_per_day on the working days (ISO 1 = Monday).
create table work_centers (
  id                 text primary key,
  code               text not null,
  name               text not null,
  department         text not null,
  currency           char(3) not null,
  hourly_rate_amount bigint not null check (hourly_rate_amount >= 0),
  overhead_percent   numeric(7, 2) not null default 0 check (overhead_percent between 0 and 1000),
  minutes_per_day    int not null check (minutes_per_day between 1 and 1440),
  parallel_units     int not null default 1 check (parallel_units between 1 and 1000),
  working_days       smallint[] not null
                     check (cardinality(working_days) between 1 and 7 and working_days <@ array[1, 2, 3, 4, 5, 6, 7]::smallint[]),
  active             boolean not null default true,
  created_at         timestamptz not null,
  updated_at         timestamptz not null
);
create unique index work_centers_code_idx on work_centers (lower(code));

-- One level of a product's bill of materials: quantity of the component per unit of the product, plus scrap.
-- No cycles: every writer takes `lock table bom_lines in share row exclusive mode` and checks reachability.
create table bom_lines (
  id            text primary key,
  product_id    text not null references products (id),
  component_id  text not null references products (id),
  position      int not null,
  quantity      numeric(18, 6) not null check (quantity > 0),
  scrap_percent numeric(7, 2) not null default 0 check (scrap_percent between 0 and 1000),
  created_at    timestamptz not null,
  unique (product_id, component_id),
  check (product_id <> component_id)
);
create index bom_lines_component_idx on bom_lines (component_id);

-- A product's routing: its operations in sequence order, each on a work center.
create table routing_operations (
  id             text primary key,
  product_id     text not null references products (id),
  sequence       int not null check (sequence between 1 and 9999),
  work_center_id text not null references work_centers (id),
  description    text not null,
  setup_minutes  numeric(12, 4) not null default 0 check (setup_minutes >= 0),
  run_minutes    numeric(12, 4) not null check (run_minutes >= 0),
  created_at     timestamptz not null,
  unique (product_id, sequence)
);
create index routing_operations_work_center_idx on routing_operations (work_center_id);
