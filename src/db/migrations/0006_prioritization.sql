-- Prioritization: one versioned policy set by the executive, the standard cost of each order (for its
-- margin), and expedite requests with their decisions.

-- What the order's goods cost at standard cost when it was entered; null when a product has no standard cost.
alter table orders add column cost_amount bigint;

create table priority_policies (
  version     int primary key,
  policy      jsonb not null,
  note        text,
  created_by  text not null,
  created_at  timestamptz not null
);
insert into priority_policies (version, policy, note, created_by, created_at) values (1,
  '{"weights": {"tier": 3, "value": 2, "margin": 1, "slack": 4, "age": 1},
    "tier_values": {"strategic": 1, "key": 0.6, "standard": 0.2},
    "slack_horizon_days": 30, "expedite_boost": 5}',
  'omc default: urgency first, then tier, then value; one point a day of waiting', 'system', now());

create table expedite_requests (
  id               text primary key,
  order_id         text not null references orders (id),
  status           text not null default 'requested',
  reason           text not null,
  requested_by     text not null,
  requested_at     timestamptz not null,
  decided_by       text,
  decided_at       timestamptz,
  decision_reason  text,
  -- What the decision did to the queue: the orders that moved back behind this one.
  effect           jsonb,
  updated_at       timestamptz not null
);
create index expedite_requests_order_idx on expedite_requests (order_id);
create index expedite_requests_status_idx on expedite_requests (status, id);
create unique index expedite_requests_one_open_idx on expedite_requests (order_id) where status = 'requested';

-- Typed holds: each blocks the order's moves to the named statuses until it is released, with who and why.
create table order_holds (
  id              text primary key,
  order_id        text not null references orders (id),
  type            text not null,
  blocks          text[] not null,
  reason          text not null,
  placed_by       text not null,
  placed_at       timestamptz not null,
  released_by     text,
  released_at     timestamptz,
  release_reason  text
);
create index order_holds_active_idx on order_holds (order_id) where released_at is null;
