import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../../access/roles';
import { notFound } from '../../core/errors';
import type { DB } from '../../db/schema';
import { toPage } from '../../http/pagination';
import type { Payment } from '../money-schemas';
import { moneyOf } from '../schemas';

type PaymentView = z.infer<typeof Payment>;

export async function paymentsByIds(db: Kysely<DB>, ids: string[]): Promise<PaymentView[]> {
  if (ids.length === 0) return [];
  const [payments, allocations] = await Promise.all([
    db.selectFrom('payments').selectAll().where('id', 'in', ids).execute(),
    db
      .selectFrom('payment_allocations as a')
      .innerJoin('invoices as i', 'i.id', 'a.invoice_id')
      .selectAll('a')
      .select('i.number as invoice_number')
      .where('a.payment_id', 'in', ids)
      .orderBy('a.id')
      .execute(),
  ]);
  const byId = new Map(payments.map((p) => [p.id, p]));
  return ids
    .filter((id) => byId.has(id))
    .map((id) => {
      const p = byId.get(id)!;
      const c = p.currency.trim();
      const own = allocations.filter((a) => a.payment_id === id);
      return {
        id: p.id,
        customer_id: p.customer_id,
        amount: moneyOf(p.amount, c),
        received_on: p.received_on,
        method: p.method,
        reference: p.reference,
        allocations: own.map((a) => ({ invoice_id: a.invoice_id, invoice_number: a.invoice_number, amount: moneyOf(a.amount, c), at: a.created_at.toISOString() })),
        unallocated: moneyOf(p.amount - own.reduce((s, a) => s + a.amount, 0), c),
        created_at: p.created_at.toISOString(),
      };
    });
}

export async function getPayment(db: Kysely<DB>, actor: Actor, id: string): Promise<PaymentView> {
  const [payment] = await paymentsByIds(db, [id]);
  if (!payment || (actor.role === 'customer' && payment.customer_id !== actor.customerId)) throw notFound('payment', id);
  return payment;
}

/** Newest first; a customer's key sees only its own. */
export async function listPayments(db: Kysely<DB>, actor: Actor, filter: { limit: number; starting_after?: string | undefined; customer_id?: string | undefined }) {
  let query = db.selectFrom('payments').select('id').orderBy('id', 'desc').limit(filter.limit + 1);
  if (actor.role === 'customer') query = query.where('customer_id', '=', actor.customerId!);
  if (filter.starting_after) query = query.where('id', '<', filter.starting_after);
  if (filter.customer_id) query = query.where('customer_id', '=', filter.customer_id);
  const page = toPage((await query.execute()).map((r) => r.id), filter.limit, (id) => id, (id) => id);
  return { ...page, data: await paymentsByIds(db, page.data) };
}
