-- Price lists: a currency, who they are for (named customers, customer tiers, or everyone), a validity
-- period, and items with quantity breaks. Order lines say which list gave their price.

create table price_lists (
  id          text primary key,
  name        text not null,
  currency    char(3) not null,
  tiers       text[] not null default '{}',
  valid_from  date not null,
  valid_to    date,
  active      boolean not null default true,
  created_at  timestamptz not null,
  updated_at  timestamptz not null,
  check (valid_to is null or valid_to >= valid_from)
);

create table price_list_customers (
  price_list_id text not null references price_lists (id),
  customer_id   text not null references customers (id),
  primary key (price_list_id, customer_id)
);
create index price_list_customers_customer_idx on price_list_customers (customer_id);

create table price_list_items (
  id                 text primary key,
  price_list_id      text not null references price_lists (id),
  product_id         text not null references products (id),
  min_quantity       int not null default 1 check (min_quantity >= 1),
  unit_price_amount  bigint not null check (unit_price_amount >= 0),
  unique (price_list_id, product_id, min_quantity)
);
create index price_list_items_product_idx on price_list_items (product_id);

alter table order_lines add column price_list_id text references price_lists (id);
