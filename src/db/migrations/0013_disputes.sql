-- Disputes: a customer questions a line of an issued invoice; finance answers within an SLA with a credit
-- note, an explanation, or a correction and re-bill. The dispute's handoff to finance carries the SLA.

create table disputes (
  id                 text primary key,
  invoice_id         text not null references invoices (id),
  invoice_line_id    text not null references invoice_lines (id),
  customer_id        text not null references customers (id),
  order_id           text not null references orders (id),
  reason             text not null check (reason in ('wrong_price', 'wrong_quantity', 'not_received', 'damaged', 'other')),
  message            text not null,
  status             text not null,
  -- when finance owes the customer an answer (the SLA for the customer's tier, from opening)
  respond_by         timestamptz not null,
  resolution         text check (resolution in ('credit', 'explained', 'rebill')),
  answer             text,
  credit_note_id     text references credit_notes (id),
  withdrawn_reason   text,
  opened_by          text not null,
  resolved_by        text,
  resolved_at        timestamptz,
  created_at         timestamptz not null,
  updated_at         timestamptz not null,
  check ((resolution is null) = (resolved_at is null)),
  check (resolution not in ('credit', 'rebill') or credit_note_id is not null)
);
create index disputes_customer_idx on disputes (customer_id, id);
create index disputes_invoice_idx on disputes (invoice_id, id);
create index disputes_status_idx on disputes (status, respond_by);
-- One dispute at a time per invoice line: a second one while the first is open is refused, whatever the
-- concurrency.
create unique index disputes_one_open_per_line on disputes (invoice_line_id) where status in ('open', 'in_review');
