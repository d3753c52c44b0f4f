import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../../access/roles';
import { calendarDate } from '../../core/clock';
import type { DB } from '../../db/schema';
import { toPage } from '../../http/pagination';
import { daysBetween } from '../dates';
import type { Receivable } from '../money-schemas';
import { moneyOf } from '../schemas';
import { ISSUED_INVOICE_STATUSES } from '../transitions';

type ReceivableView = z.infer<typeof Receivable>;

/** Each issued invoice's open balance (gross − credit notes − allocated payments), for some customers. */
function invoiceBalances(db: Kysely<DB>, customerIds: string[]) {
  return db
    .selectFrom('invoices as i')
    .select([
      'i.id',
      'i.customer_id',
      'i.currency',
      'i.due_date',
      sql<number>`i.gross_amount
        - coalesce((select sum(c.gross_amount) from credit_notes c where c.invoice_id = i.id), 0)
        - coalesce((select sum(a.amount) from payment_allocations a where a.invoice_id = i.id), 0)`.as('balance'),
    ])
    .where('i.customer_id', 'in', customerIds)
    .where('i.status', 'in', ISSUED_INVOICE_STATUSES)
    .execute();
}

/** Payment money not applied to any invoice, per customer. */
function unappliedPayments(db: Kysely<DB>, customerIds: string[]) {
  return db
    .selectFrom('payments as p')
    .select(['p.customer_id', sql<number>`sum(p.amount - coalesce((select sum(a.amount) from payment_allocations a where a.payment_id = p.id), 0))`.as('left')])
    .where('p.customer_id', 'in', customerIds)
    .groupBy('p.customer_id')
    .execute();
}

const BUCKETS = [
  ['current', -Infinity, 0],
  ['days_1_30', 1, 30],
  ['days_31_60', 31, 60],
  ['days_61_90', 61, 90],
  ['days_over_90', 91, Infinity],
] as const;

/**
 * What customers owe: the open balance of their issued invoices, aged by days past due (not yet due is
 * current), and their credit — unapplied payments plus invoices credited beyond what was left to pay.
 */
export async function receivablesOf(db: Kysely<DB>, customerIds: string[], now: Date): Promise<ReceivableView[]> {
  if (customerIds.length === 0) return [];
  const [customers, balances, unapplied] = await Promise.all([
    db.selectFrom('customers').select(['id', 'currency']).where('id', 'in', customerIds).execute(),
    invoiceBalances(db, customerIds),
    unappliedPayments(db, customerIds),
  ]);
  const today = calendarDate(now);
  return customerIds.flatMap((id) => {
    const customer = customers.find((c) => c.id === id);
    if (!customer) return [];
    const c = customer.currency.trim();
    const aging = { current: 0, days_1_30: 0, days_31_60: 0, days_61_90: 0, days_over_90: 0 };
    let balance = 0;
    let credit = Number(unapplied.find((u) => u.customer_id === id)?.left ?? 0);
    let open = 0;
    for (const inv of balances.filter((b) => b.customer_id === id)) {
      const amount = Number(inv.balance);
      if (amount < 0) credit -= amount;
      if (amount <= 0) continue;
      balance += amount;
      open += 1;
      const late = daysBetween(inv.due_date!, today);
      const [bucket] = BUCKETS.find(([, from, to]) => late >= from && late <= to)!;
      aging[bucket] += amount;
    }
    const overdue = balance - aging.current;
    return [
      {
        customer_id: id,
        currency: c,
        balance: moneyOf(balance, c),
        credit: moneyOf(credit, c),
        net: moneyOf(balance - credit, c),
        overdue: moneyOf(overdue, c),
        open_invoices: open,
        aging: Object.fromEntries(Object.entries(aging).map(([k, v]) => [k, moneyOf(v, c)])) as ReceivableView['aging'],
      },
    ];
  });
}

/** Customers with invoices or payments, by id; a customer's key sees only its own. */
export async function listReceivables(db: Kysely<DB>, actor: Actor, filter: { limit: number; starting_after?: string | undefined; customer_id?: string | undefined }, now: Date) {
  const only = actor.role === 'customer' ? actor.customerId! : filter.customer_id;
  let ids: string[];
  if (only) ids = [only];
  else {
    let query = db
      .selectFrom((eb) => eb.selectFrom('invoices').select('customer_id').where('status', 'in', ISSUED_INVOICE_STATUSES).union(eb.selectFrom('payments').select('customer_id')).as('c'))
      .select('c.customer_id')
      .orderBy('c.customer_id')
      .limit(filter.limit + 1);
    if (filter.starting_after) query = query.where('c.customer_id', '>', filter.starting_after);
    ids = (await query.execute()).map((r) => r.customer_id);
  }
  const page = toPage(ids, filter.limit, (id) => id, (id) => id);
  return { ...page, data: await receivablesOf(db, page.data, now) };
}

/**
 * What billing adds to a customer's credit exposure. Open orders count at their value not yet invoiced
 * (what is invoiced counts once, as the invoice's open balance, tax included); unapplied credit reduces it.
 */
export async function billingExposure(db: Kysely<DB>, customerId: string, openOrderStatuses: readonly string[], now: Date) {
  const [orders] = await db
    .selectFrom('orders as o')
    .select(
      sql<number>`coalesce(sum(greatest(o.total_amount - coalesce((
        select sum(l.net_amount) from invoice_lines l join invoices i on i.id = l.invoice_id
        where l.order_id = o.id and i.status in (${sql.join(ISSUED_INVOICE_STATUSES)})), 0), 0)), 0)::bigint`.as('uninvoiced'),
    )
    .where('o.customer_id', '=', customerId)
    .where('o.status', 'in', openOrderStatuses)
    .execute();
  const [receivable] = await receivablesOf(db, [customerId], now);
  return { uninvoicedOpenOrders: Number(orders!.uninvoiced), receivable: receivable?.balance.amount ?? 0, credit: receivable?.credit.amount ?? 0 };
}
