-- The event feed must never skip an event: `seq` is taken at insert, not at commit, so a reader past seq 10
-- could miss seq 9 committing later. Each event records its transaction id; the feed reads only events of
-- transactions older than every transaction still running, in (xid, seq) order.
alter table events add column xid xid8 not null default pg_current_xact_id();
create index events_feed_idx on events (xid, seq);
