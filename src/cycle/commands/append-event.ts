import { sql, type OperationNodeSource, type RawBuilder } from 'kysely';
import { departmentOf, type Department } from '../../access/roles';
import { newId } from '../../core/ids';
import type { Tx } from '../../db/transaction';
import { stage, type StageKey } from '../stages';

export interface NewEvent {
  /** Dotted, past tense: `customer.created`, `handoff.taken`. */
  type: string;
  subject: { type: string; id: string };
  orderId?: string | null;
  customerId?: string | null;
  stage?: StageKey | null;
  /** Defaults to the actor's department. */
  department?: Department | null;
  data?: Record<string, unknown>;
}

/** Append one event to the log, in the caller's transaction: it commits with the change it records, or not at all. */
export async function appendEvent(tx: Tx, event: NewEvent): Promise<string> {
  const [id] = await appendEvents(tx, [event]);
  return id!;
}

/** Several events in one insert, in the order given (their ids ascend in that order). */
export async function appendEvents(tx: Tx, events: NewEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const rows = events.map((event) => eventRow(tx, event));
  await tx.db.insertInto('events').values(rows).execute();
  return rows.map((r) => r.id);
}

/**
 * A write and the events that record it in one statement (`with write as (…) insert into events …`): one
 * round trip instead of two, and the same all-or-nothing. `write`: an insert, update or delete (a query
 * builder or `sql`).
 */
export async function appendEventsWith(tx: Tx, write: Write, events: NewEvent[]): Promise<string[]> {
  return sendWrites(tx, [pendingWrite(tx, write, events)]);
}

type Write = RawBuilder<unknown> | OperationNodeSource;

/** A write not sent yet, with its events — made now, so they carry this actor and time. */
export interface PendingWrite {
  write: Write;
  events: EventRow[];
}

export function pendingWrite(tx: Tx, write: Write, events: NewEvent[]): PendingWrite {
  return { write, events: events.map((event) => eventRow(tx, event)) };
}

/**
 * Several writes, already checked, and all their events in one statement (`with w0 as (…), w1 as (…) insert
 * into events …`). They touch different rows: every part of one statement sees the data as it was before it.
 * Returns the event ids, in the order given.
 */
export async function sendWrites(tx: Tx, writes: (PendingWrite | null)[]): Promise<string[]> {
  const pending = writes.filter((w): w is PendingWrite => w !== null);
  if (pending.length === 0) return [];
  const rows = pending.flatMap((w) => w.events);
  const ctes = (parts: PendingWrite[]) => sql.join(parts.map((w, i) => sql`${sql.id(`w${i}`)} as (${w.write})`));
  if (rows.length === 0) {
    const last = pending.at(-1)!.write;
    await (pending.length === 1 ? sql`${last}` : sql`with ${ctes(pending.slice(0, -1))} ${last}`).execute(tx.db);
    return [];
  }
  const columns = Object.keys(rows[0]!) as (keyof EventRow)[];
  const values = rows.map((r) => sql`(${sql.join(columns.map((c) => r[c]))})`);
  await sql`with ${ctes(pending)} insert into events (${sql.join(columns.map((c) => sql.ref(c)))}) values ${sql.join(values)}`.execute(tx.db);
  return rows.map((r) => r.id);
}

type EventRow = ReturnType<typeof eventRow>;

function eventRow(tx: Tx, event: NewEvent) {
  return {
    id: newId('event'),
    at: tx.now,
    type: event.type,
    subject_type: event.subject.type,
    subject_id: event.subject.id,
    order_id: event.orderId ?? null,
    customer_id: event.customerId ?? null,
    stage: event.stage ? stage(event.stage).number : null,
    department: event.department === undefined ? departmentOf(tx.actor) : event.department,
    actor: tx.actor.id,
    request_id: tx.requestId,
    data: JSON.stringify(event.data ?? {}),
  };
}
