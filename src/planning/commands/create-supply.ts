import type { z } from 'zod';
import { AppError, invalidFields } from '../../core/errors';
import { calendarDate } from '../../core/clock';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { requireProduct, requireWarehouse } from '../queries/get-catalog';
import { presentSupply, type CreateSupplyBody } from '../schemas';
import { supplyMachine } from '../transitions';

/** Record stock that is coming: a purchase or a production run into a warehouse, expected on a date. */
export async function createSupply(tx: Tx, input: z.infer<typeof CreateSupplyBody>) {
  const product = await requireProduct(tx.db, input.product_id);
  await requireWarehouse(tx.db, input.warehouse_id);
  if (product.kind === 'service') throw invalidFields({ product_id: `${product.sku} is a service; services have no stock.` });
  if (!product.active) throw new AppError('conflict', `${product.sku} is inactive.`, { product_id: product.id });
  if (input.expected_date < calendarDate(tx.now)) throw invalidFields({ expected_date: 'Expected supply cannot be due in the past.' });
  const row = {
    id: newId('supply'),
    product_id: input.product_id,
    warehouse_id: input.warehouse_id,
    kind: input.kind ?? 'purchase',
    quantity: input.quantity,
    received_quantity: 0,
    promised_quantity: 0,
    expected_date: input.expected_date,
    reference: input.reference ?? null,
    status: supplyMachine.initial,
    created_at: tx.now,
    updated_at: tx.now,
  };
  await tx.db.insertInto('supply').values(row).execute();
  await appendEvent(tx, {
    type: 'supply.created',
    subject: { type: 'supply', id: row.id },
    stage: 'planning',
    data: { product_id: row.product_id, warehouse_id: row.warehouse_id, quantity: row.quantity, expected_date: row.expected_date, kind: row.kind },
  });
  return presentSupply(row);
}
