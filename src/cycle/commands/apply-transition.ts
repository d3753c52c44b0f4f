import { sql } from 'kysely';
import { AppError, notFound } from '../../core/errors';
import { findTransition, type StateMachine } from '../../core/state-machine';
import type { Tx } from '../../db/transaction';
import type { StageKey } from '../stages';
import { pendingWrite, sendWrites, type PendingWrite } from './append-event';

export interface TransitionRequest<S extends string> {
  id: string;
  to: S;
  orderId?: string | null;
  customerId?: string | null;
  stage?: StageKey | null;
  /** Why, and anything else the timeline should show. */
  data?: Record<string, unknown>;
  /**
   * The status the row has, when this transaction inserted it a moment ago: no other transaction can see
   * the row yet, so there is nothing to lock or read. Anywhere else, leave it out.
   */
  insertedAs?: S;
  /**
   * The status the caller read when it locked the row (SELECT … FOR UPDATE) earlier in this transaction:
   * nothing to lock or read again; the table and the guard still decide.
   */
  lockedAs?: S;
  /** Other columns that change with the status (a shipment's carrier when it ships), written in the same UPDATE. */
  set?: Record<string, unknown>;
}

/** A row already locked by the caller, for `applyTransitions`. */
export type LockedTransition<S extends string> = Omit<TransitionRequest<S>, 'to' | 'insertedAs' | 'lockedAs' | 'set'> & { lockedAs: S };

/**
 * The only way a status changes: lock the row, check the move against the machine's table, the actor's role
 * and the machine's guard, write the new status and append the event — all in the caller's transaction.
 */
export async function applyTransition<S extends string>(
  tx: Tx,
  machine: StateMachine<S>,
  request: TransitionRequest<S>,
): Promise<{ from: S; to: S; eventId: string }> {
  const planned = await planTransition(tx, machine, request);
  const [eventId] = await sendWrites(tx, [planned.pending]);
  return { from: planned.from, to: request.to, eventId: eventId! };
}

/**
 * `applyTransition` up to the write: the row locked (unless known) and the move checked; the write and its
 * event are returned for `sendWrites`, to go in one statement with the step's other writes.
 */
export async function planTransition<S extends string>(
  tx: Tx,
  machine: StateMachine<S>,
  request: TransitionRequest<S>,
): Promise<{ from: S; pending: PendingWrite }> {
  const column = machine.statusColumn ?? 'status';
  const known = request.insertedAs ?? request.lockedAs;
  const row = known
    ? { status: known }
    : (await sql<{ status: S }>`select ${sql.ref(column)} as status from ${sql.table(machine.table)} where id = ${request.id} for update`.execute(tx.db)).rows[0];
  if (!row) throw notFound(machine.entity, request.id);
  const pending = await planTransitions(tx, machine, request.to, [{ ...request, lockedAs: row.status }], request.set ?? {}, !request.insertedAs);
  return { from: row.status, pending: pending! };
}

/**
 * Many rows of one machine to the same status, as `applyTransition` would move each — every row checked
 * against the table, the actor's role and the guard before anything is written — but with one UPDATE for
 * all of them, sent with their events (one per row, in the order given) in one statement. The caller has
 * locked the rows (SELECT … FOR UPDATE) in this transaction and passes the status it read; `set`: other
 * columns that change with the status (a value, or SQL over the row's own columns).
 */
export async function applyTransitions<S extends string>(tx: Tx, machine: StateMachine<S>, to: S, rows: LockedTransition<S>[], set: Record<string, unknown> = {}): Promise<void> {
  await sendWrites(tx, [await planTransitions(tx, machine, to, rows, set)]);
}

/**
 * A value that differs by row, for the `set` of `applyTransitions` (each shipment of a batch its own tracking
 * number): `case id when … then … end`, cast to the column's type (`text`, `int`, `date`, `timestamptz`, `jsonb`).
 */
export function perRow(values: Map<string, unknown>, type: string) {
  const whens = [...values].map(([id, value]) => sql`when ${id} then ${value}::${sql.raw(type)}`);
  return sql`case id ${sql.join(whens, sql` `)} end`;
}

/**
 * `applyTransitions` up to the write (null when there are no rows). `guarded: false` only for rows this
 * transaction inserted, or whose guard's question the caller has already asked under the rows' lock.
 */
export async function planTransitions<S extends string>(
  tx: Tx,
  machine: StateMachine<S>,
  to: S,
  rows: LockedTransition<S>[],
  set: Record<string, unknown> = {},
  guarded = true,
): Promise<PendingWrite | null> {
  if (rows.length === 0) return null;
  const check = (r: LockedTransition<S>) => findTransition(machine, r.lockedAs, to, tx.actor.role);
  const transitions = rows.map((r) => (rows.length === 1 ? check(r) : namingRow(r, () => check(r))));
  // A row this transaction has just inserted has nothing yet that a guard could find (no holds).
  if (guarded && machine.guard) for (const r of rows) await machine.guard(tx, r.id, r.lockedAs, to);
  const column = machine.statusColumn ?? 'status';
  const assignments = [
    sql`${sql.ref(column)} = ${to}`,
    sql`updated_at = ${tx.now}`,
    ...Object.entries(set).map(([name, value]) => sql`${sql.ref(name)} = ${value}`),
  ];
  return pendingWrite(
    tx,
    sql`update ${sql.table(machine.table)} set ${sql.join(assignments)} where id in (${sql.join(rows.map((r) => r.id))})`,
    rows.map((r, i) => ({
      type: transitions[i]!.event ?? `${machine.entity}.${to}`,
      subject: { type: machine.entity, id: r.id },
      orderId: r.orderId,
      customerId: r.customerId,
      stage: r.stage,
      data: { from: r.lockedAs, to, ...r.data },
    })),
  );
}

/** In a batch, a refusal says which row: its number (or id) before the message, its id in the details. */
function namingRow<T>(row: { id: string; data?: Record<string, unknown> }, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const name = typeof row.data?.number === 'string' ? row.data.number : row.id;
    throw new AppError(error.code, `${name}: ${error.message}`, { ...error.details, id: row.id });
  }
}
