import type { z } from 'zod';
import { invalidFields, notFound } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { presentProduct, type UpdateProductBody } from '../schemas';

/** Change a product; prices keep the product's currency. The event lists each field's old and new value. */
export async function updateProduct(tx: Tx, id: string, changes: z.infer<typeof UpdateProductBody>) {
  const current = await tx.db.selectFrom('products').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!current) throw notFound('product', id);
  const currency = current.currency.trim();
  for (const field of ['list_price', 'standard_cost'] as const) {
    const value = changes[field];
    if (value && value.currency !== currency) throw invalidFields({ [`${field}.currency`]: `Use the product's currency (${currency}).` });
  }
  const next = {
    name: changes.name ?? current.name,
    list_price_amount: changes.list_price?.amount ?? current.list_price_amount,
    standard_cost_amount: changes.standard_cost === undefined ? current.standard_cost_amount : (changes.standard_cost?.amount ?? null),
    lead_time_days: changes.lead_time_days ?? current.lead_time_days,
    warranty_days: changes.warranty_days ?? current.warranty_days,
    needs_installation: changes.needs_installation ?? current.needs_installation,
    tax_category: changes.tax_category ?? current.tax_category,
    active: changes.active ?? current.active,
  };
  const changed = Object.fromEntries(
    (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== current[k]).map((k) => [k, { from: current[k], to: next[k] }]),
  );
  if (Object.keys(changed).length === 0) return presentProduct(current);
  const updated = await tx.db.updateTable('products').set({ ...next, updated_at: tx.now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  await appendEvent(tx, { type: 'product.updated', subject: { type: 'product', id }, stage: 'planning', data: { changes: changed } });
  return presentProduct(updated);
}
