import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../../access/roles';
import type { Clock } from '../../core/clock';
import { AppError, invalidFields } from '../../core/errors';
import type { DB } from '../../db/schema';
import { transact } from '../../db/transaction';
import { calendarDate as dateField } from '../../planning/schemas';
import type { PlaceOrderInput } from '../schemas';
import { placeOrder } from './place-order';

export const MAX_IMPORT_ROWS = 10_000;

/** One CSV row is one order line; rows with the same customer_id and external_ref make one order. */
const Row = z.object({
  external_ref: z.string().trim().min(1, 'required').max(100),
  customer_id: z.string().trim().min(1, 'required'),
  sku: z.string().trim().min(1, 'required').max(64),
  quantity: z.coerce.number().int('a whole number').min(1, 'at least 1').max(1_000_000),
  requested_date: z.union([z.literal(''), dateField]).optional(),
  notes: z.string().trim().max(2000).optional(),
});

export interface ImportedOrder {
  external_ref: string;
  customer_id: string;
  lines: number[];
  outcome: 'created' | 'already_imported' | 'failed';
  order_id: string | null;
  number: string | null;
  errors: { line: number; message: string }[];
}

export interface ImportReport {
  rows: number;
  created: number;
  already_imported: number;
  failed: number;
  orders: ImportedOrder[];
}

interface ParsedRow {
  line: number;
  /** The raw order key, so that a bad row is reported with its order. */
  customerId: string;
  externalRef: string;
  row: z.infer<typeof Row> | null;
  error: string | null;
}

/** Parse and check every row; a row's line number is its line in the file (the header is line 1). */
function parseRows(csv: string): ParsedRow[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(csv, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, info: true, bom: true });
  } catch (error) {
    throw invalidFields({ body: `Not a readable CSV file: ${(error as Error).message}` });
  }
  if (records.length > MAX_IMPORT_ROWS) throw invalidFields({ body: `At most ${MAX_IMPORT_ROWS} rows per import; split the file.` });
  return records.map(({ record, info }) => {
    const checked = Row.safeParse(record);
    const key = { line: info.lines, customerId: String(record.customer_id ?? '').trim(), externalRef: String(record.external_ref ?? '').trim() };
    if (checked.success) return { ...key, row: checked.data, error: null };
    return { ...key, row: null, error: checked.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ') };
  });
}

/**
 * Import orders from CSV: every good order is entered (one transaction each, so a bad order never blocks
 * the good ones and no stock stays locked for the whole file), every bad row is reported with its line and
 * reason, and an order whose external_ref was imported before is reported, not entered twice.
 */
export async function importOrders(
  db: Kysely<DB>,
  clock: Clock,
  actor: Actor,
  csv: string,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<ImportReport> {
  const rows = parseRows(csv);
  if (rows.length === 0) throw invalidFields({ body: 'The file has no rows. Columns: external_ref, customer_id, sku, quantity, requested_date, notes.' });
  const groups = new Map<string, ParsedRow[]>();
  for (const r of rows) {
    const key = r.externalRef ? `${r.customerId}\n${r.externalRef}` : `no external_ref, line ${r.line}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const skus = [...new Set(rows.flatMap((r) => (r.row ? [r.row.sku.toLowerCase()] : [])))];
  const products = new Map(
    (skus.length ? await db.selectFrom('products').select(['id', 'sku']).where((eb) => eb(eb.fn('lower', ['sku']), 'in', skus)).execute() : []).map((p) => [p.sku.toLowerCase(), p.id]),
  );
  const orders: ImportedOrder[] = [];
  let done = 0;
  for (const group of groups.values()) {
    orders.push(await importOne(db, clock, actor, group, products));
    onProgress(++done, groups.size);
  }
  return {
    rows: rows.length,
    created: orders.filter((o) => o.outcome === 'created').length,
    already_imported: orders.filter((o) => o.outcome === 'already_imported').length,
    failed: orders.filter((o) => o.outcome === 'failed').length,
    orders,
  };
}

async function importOne(db: Kysely<DB>, clock: Clock, actor: Actor, group: ParsedRow[], products: Map<string, string>): Promise<ImportedOrder> {
  const first = group.find((r) => r.row)?.row;
  const result: ImportedOrder = {
    external_ref: group[0]!.externalRef,
    customer_id: group[0]!.customerId,
    lines: group.map((r) => r.line),
    outcome: 'failed',
    order_id: null,
    number: null,
    errors: [],
  };
  for (const r of group) {
    if (r.error) result.errors.push({ line: r.line, message: r.error });
    else if (!products.has(r.row!.sku.toLowerCase())) result.errors.push({ line: r.line, message: `sku: no product ${r.row!.sku}` });
  }
  const dates = new Set(group.map((r) => r.row?.requested_date).filter(Boolean));
  if (dates.size > 1) result.errors.push({ line: group[0]!.line, message: 'requested_date differs between the rows of this order' });
  if (result.errors.length > 0 || !first) return result;

  const existing = await db.selectFrom('orders').select(['id', 'number']).where('customer_id', '=', first.customer_id).where('external_ref', '=', first.external_ref).executeTakeFirst();
  if (existing) return { ...result, outcome: 'already_imported', order_id: existing.id, number: existing.number };
  const input: PlaceOrderInput = {
    customer_id: first.customer_id,
    external_ref: first.external_ref,
    channel: 'import',
    lines: group.map((r) => ({ product_id: products.get(r.row!.sku.toLowerCase())!, quantity: r.row!.quantity })),
    ...([...dates][0] ? { requested_date: [...dates][0] as string } : {}),
    ...(first.notes ? { notes: first.notes } : {}),
  };
  try {
    const order = await transact(db, (trx) => placeOrder({ db: trx, now: clock.now(), actor, requestId: null }, input));
    return { ...result, outcome: 'created', order_id: order.id, number: order.number };
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'orders_external_ref_idx') {
      // Imported at the same moment by another run of this file: that run made it.
      const made = await db.selectFrom('orders').select(['id', 'number']).where('customer_id', '=', first.customer_id).where('external_ref', '=', first.external_ref).executeTakeFirstOrThrow();
      return { ...result, outcome: 'already_imported', order_id: made.id, number: made.number };
    }
    if (!(error instanceof AppError)) throw error;
    const fields = (error.details?.fields ?? {}) as Record<string, string>;
    const errors = Object.entries(fields).flatMap(([field, message]) => {
      const line = /^lines\.(\d+)\./.exec(field);
      return line ? [{ line: group[Number(line[1])]!.line, message }] : [];
    });
    return { ...result, errors: errors.length > 0 ? errors : [{ line: group[0]!.line, message: error.message }] };
  }
}
