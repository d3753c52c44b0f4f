-- Scheduling (stage 6): the capacity calendar completed, schedule runs and the committed schedule's operations.

-- Capacity calendar: hours that differ by weekday (minutes per unit, keyed by ISO weekday "1" … "7"; the days
-- not named work minutes_per_day), dates a work center does not work (holidays), and the warehouse whose
-- pick / pack work this work center is (one per warehouse; stocked lines are picked and packed there).
alter table work_centers add column minutes_by_weekday jsonb not null default '{}';
alter table work_centers add column non_working_dates text[] not null default '{}'; -- YYYY-MM-DD
alter table work_centers add column pick_pack_warehouse_id text references warehouses (id);
create unique index work_centers_pick_pack_idx on work_centers (pick_pack_warehouse_id) where pick_pack_warehouse_id is not null;

-- A schedule computed from the confirmed orders as they were (inputs_digest), kept as a what-if until it is
-- committed (then it is the current schedule until another one supersedes it) or discarded.
create table schedule_runs (
  id             text primary key,
  status         text not null,
  starts_at      timestamptz not null,
  inputs_digest  text not null,
  budget_ms      int not null,
  seed           int not null,
  result         jsonb not null,
  created_by     text not null,
  created_at     timestamptz not null,
  committed_at   timestamptz,
  updated_at     timestamptz not null
);
create index schedule_runs_created_idx on schedule_runs (created_at desc, id desc);
-- Only one committed schedule is current.
create unique index schedule_runs_one_committed_idx on schedule_runs ((true)) where status = 'committed';

-- The committed schedule's operations: on which unit of which work center, from when to when; `segments` are
-- the working stretches [start, end) the operation occupies (it may run over several working days).
create table scheduled_operations (
  id                   text primary key,
  run_id               text not null references schedule_runs (id),
  order_id             text not null references orders (id),
  customer_id          text not null references customers (id),
  order_line_id        text references order_lines (id),
  kind                 text not null check (kind in ('routing', 'pick_pack')),
  step                 int not null,
  routing_operation_id text references routing_operations (id),
  work_center_id       text not null references work_centers (id),
  unit                 int not null check (unit >= 0),
  description          text not null,
  minutes              int not null check (minutes > 0),
  starts_at            timestamptz not null,
  ends_at              timestamptz not null,
  segments             jsonb not null
);
create index scheduled_operations_run_center_idx on scheduled_operations (run_id, work_center_id, starts_at);
create index scheduled_operations_order_idx on scheduled_operations (order_id);
