-- Order generation: campaigns bring leads, leads convert into customers and opportunities, and quotes and
-- orders carry the opportunity and campaign they came from so a campaign's revenue can be measured.

create table campaigns (
  id               text primary key,
  name             text not null,
  channel          text not null check (channel in ('email', 'web', 'event', 'trade_show', 'referral', 'partner',
                                                    'paid_search', 'social', 'other')),
  budget_amount    bigint not null default 0 check (budget_amount >= 0),
  currency         char(3) not null,
  starts_on        date not null,
  ends_on          date,
  created_by       text not null,
  created_at       timestamptz not null,
  updated_at       timestamptz not null,
  check (ends_on is null or ends_on >= starts_on)
);
create index campaigns_starts_idx on campaigns (starts_on, id);

create table leads (
  id                        text primary key,
  campaign_id               text references campaigns (id),
  company                   text not null,
  contact_name              text,
  email                     text,
  phone                     text,
  notes                     text,
  status                    text not null,
  disqualified_reason       text,
  owner                     text references users (id),
  converted_customer_id     text references customers (id),
  converted_opportunity_id  text,
  created_by                text not null,
  created_at                timestamptz not null,
  updated_at                timestamptz not null
);
create index leads_status_idx on leads (status, id);
create index leads_campaign_idx on leads (campaign_id, id) where campaign_id is not null;

-- An opportunity is a customer's or, before conversion, a lead's; conversion fills in the customer and keeps the
-- lead as where it came from.
create table opportunities (
  id                    text primary key,
  customer_id           text references customers (id),
  lead_id               text references leads (id),
  campaign_id           text references campaigns (id),
  name                  text not null,
  expected_value_amount bigint not null check (expected_value_amount >= 0),
  currency              char(3) not null,
  probability           smallint not null check (probability between 0 and 100),
  stage                 text not null,
  expected_close        date,
  lost_reason           text,
  owner                 text references users (id),
  created_by            text not null,
  created_at            timestamptz not null,
  updated_at            timestamptz not null,
  check (customer_id is not null or lead_id is not null),
  check (stage <> 'lost' or lost_reason is not null)
);
create index opportunities_stage_idx on opportunities (stage, id);
create index opportunities_customer_idx on opportunities (customer_id, id) where customer_id is not null;
create index opportunities_lead_idx on opportunities (lead_id) where lead_id is not null;
create index opportunities_campaign_idx on opportunities (campaign_id) where campaign_id is not null;

alter table leads add constraint leads_converted_opportunity_fk
  foreign key (converted_opportunity_id) references opportunities (id);

-- What any department knows about a customer; append-only so a remark cannot be rewritten after sales read it.
create table customer_notes (
  id           text primary key,
  customer_id  text not null references customers (id),
  body         text not null,
  department   text,
  author       text not null,
  author_name  text not null,
  created_at   timestamptz not null
);
create index customer_notes_customer_idx on customer_notes (customer_id, id);

create function customer_notes_are_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'customer notes are append-only: % is not allowed', tg_op;
end $$;
create trigger customer_notes_append_only before update or delete or truncate on customer_notes
  for each statement execute function customer_notes_are_append_only();

alter table orders add column opportunity_id text references opportunities (id),
  add column campaign_id text references campaigns (id);
create index orders_opportunity_idx on orders (opportunity_id) where opportunity_id is not null;
create index orders_campaign_idx on orders (campaign_id) where campaign_id is not null;
