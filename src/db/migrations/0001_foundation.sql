-- Foundation: customers, access (users, sessions, API keys), idempotency, the cycle's event log and handoffs.

create table customers (
  id                  text primary key,
  name                text not null,
  tier                text not null check (tier in ('strategic', 'key', 'standard')),
  currency            char(3) not null,
  credit_limit_amount bigint check (credit_limit_amount >= 0),
  payment_terms_days  int not null default 30 check (payment_terms_days between 0 and 365),
  email               text,
  status              text not null default 'active',
  created_at          timestamptz not null,
  updated_at          timestamptz not null
);
create index customers_name_idx on customers (lower(name));

create table customer_contacts (
  id          text primary key,
  customer_id text not null references customers (id),
  name        text not null,
  email       text,
  phone       text,
  job_title   text,
  is_primary  boolean not null default false,
  created_at  timestamptz not null
);
create index customer_contacts_customer_idx on customer_contacts (customer_id);

create table customer_addresses (
  id          text primary key,
  customer_id text not null references customers (id),
  kind        text not null check (kind in ('billing', 'shipping')),
  line1       text not null,
  line2       text,
  city        text not null,
  postal_code text,
  region      text,
  country     char(2) not null,
  is_default  boolean not null default false,
  created_at  timestamptz not null
);
create index customer_addresses_customer_idx on customer_addresses (customer_id);

create table users (
  id            text primary key,
  email         text not null,
  name          text not null,
  role          text not null,
  customer_id   text references customers (id),
  password_hash text not null,
  active        boolean not null default true,
  created_at    timestamptz not null,
  updated_at    timestamptz not null,
  check ((role = 'customer') = (customer_id is not null))
);
create unique index users_email_idx on users (lower(email));

create table sessions (
  id          text primary key,
  token_hash  text not null unique,
  user_id     text not null references users (id),
  created_at  timestamptz not null,
  expires_at  timestamptz not null,
  revoked_at  timestamptz
);

create table api_keys (
  id            text primary key,
  name          text not null,
  role          text not null,
  customer_id   text references customers (id),
  secret_hash   text not null unique,
  secret_hint   text not null,
  created_by    text not null,
  created_at    timestamptz not null,
  revoked_at    timestamptz,
  check ((role = 'customer') = (customer_id is not null))
);

-- A stored answer per (caller, Idempotency-Key), written in the same transaction as the effect it answers for.
create table idempotency_keys (
  scope         text not null,
  key           text not null,
  request_hash  text not null,
  status_code   int not null,
  response_body jsonb not null,
  created_at    timestamptz not null,
  primary key (scope, key)
);

-- The cycle's append-only event log: the order timeline, the portal, webhooks and analytics read it.
create table events (
  seq          bigint generated always as identity primary key,
  id           text not null unique,
  at           timestamptz not null,
  type         text not null,
  subject_type text not null,
  subject_id   text not null,
  order_id     text,
  customer_id  text,
  stage        smallint check (stage between 1 and 10),
  department   text,
  actor        text not null,
  request_id   text,
  data         jsonb not null default '{}'
);
create index events_subject_idx on events (subject_id, seq);
create index events_order_idx on events (order_id, seq) where order_id is not null;
create index events_customer_idx on events (customer_id, seq) where customer_id is not null;
create index events_type_idx on events (type, seq);

create function events_are_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'events are append-only: % is not allowed', tg_op;
end $$;
create trigger events_append_only before update or delete or truncate on events
  for each statement execute function events_are_append_only();

-- Work passed to a department: who owns it and when it is due. Open past due_at = a dropped ball.
create table handoffs (
  id           text primary key,
  subject_type text not null,
  subject_id   text not null,
  order_id     text,
  customer_id  text,
  stage        smallint not null check (stage between 1 and 10),
  department   text not null,
  status       text not null default 'open',
  owner        text,
  note         text,
  due_at       timestamptz not null,
  created_by   text not null,
  created_at   timestamptz not null,
  taken_at     timestamptz,
  completed_at timestamptz,
  updated_at   timestamptz not null
);
create index handoffs_open_due_idx on handoffs (due_at) where status <> 'completed';
create index handoffs_subject_idx on handoffs (subject_id);
create index handoffs_department_idx on handoffs (department, status);
