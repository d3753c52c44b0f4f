-- Continuous improvement (src/analytics): the KPIs read orders by the day they were entered, the handoffs and
-- shipments of a set of orders.
create index orders_created_idx on orders (created_at);
create index handoffs_order_idx on handoffs (order_id) where order_id is not null;
create index disputes_order_idx on disputes (order_id);
