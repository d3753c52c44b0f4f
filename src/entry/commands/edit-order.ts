import { sql } from 'kysely';
import { AppError, invalidFields, notFound } from '../../core/errors';
import { calendarDate } from '../../core/clock';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { defaultPromisePolicy } from '../policies/promise';
import { ordersByIds } from '../queries/get-order';
import type { EditOrderInput, OrderView } from '../schemas';
import type { OrderLinesTable } from '../tables';
import { checkCredit, creditExposure } from './check-credit';
import { checkPriceAuthority, loadOrderProducts, priceOrderLines } from './check-order-input';
import { lockAvailableStock, promiseUnits, recordPromiseParts, type PromiseContext } from './promise-lines';
import { releaseLineUnits } from './release-line-units';
import { repromiseLines } from './repromise';

const EDITABLE = ['received', 'confirmed', 'on_hold'];

/**
 * Change an order before fulfillment: set a line's quantity, remove a line, add one. More units are promised
 * like a new order's (stock, supply, lead time); fewer give back the least sure units first. The credit
 * check runs again. Returns the order after and what the edit did — the preview runs this same command in
 * a transaction that is rolled back.
 */
export async function editOrder(tx: Tx, id: string, input: EditOrderInput) {
  const order = await tx.db.selectFrom('orders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!order || (tx.actor.role === 'customer' && order.customer_id !== tx.actor.customerId)) throw notFound('order', id);
  if (!EDITABLE.includes(order.status)) throw new AppError('conflict', `Order ${order.number} is ${order.status}; only orders not yet in fulfillment can change.`, { status: order.status });
  const customer = await tx.db.selectFrom('customers').selectAll().where('id', '=', order.customer_id).forNoKeyUpdate().executeTakeFirstOrThrow();
  const currency = order.currency.trim();
  const [before] = (await ordersByIds(tx.db, [id])) as [OrderView];
  const lines = await tx.db.selectFrom('order_lines').selectAll().where('order_id', '=', id).where('status', '=', 'open').execute();
  checkChanges(input, lines);

  const adds = input.changes.flatMap((c) => (c.action === 'add_line' ? [c] : []));
  checkPriceAuthority(tx.actor, { customer_id: customer.id, lines: adds });
  // New lines are checked like a new order's; lines already on the order keep their product as it was sold.
  const products = adds.length > 0 ? await loadOrderProducts(tx, { customer_id: customer.id, lines: adds }, currency) : new Map();
  for (const p of await tx.db.selectFrom('products').selectAll().where('id', 'in', lines.map((l) => l.product_id)).execute()) products.set(p.id, p);
  const warehouses = await tx.db.selectFrom('warehouses').select(['id', 'code', 'handling_days', 'transit_days']).where('active', '=', true).execute();
  const ctx: PromiseContext = { tx, today: calendarDate(tx.now), policy: defaultPromisePolicy, warehouses: defaultPromisePolicy.warehouseOrder(warehouses, null) };
  const available = await lockAvailableStock(tx, [...adds.map((a) => a.product_id), ...lines.map((l) => l.product_id)].filter((p) => products.get(p)!.kind === 'stocked'));

  const reason = `order ${order.number} edited`;
  const touched: string[] = [];
  const addPrices = await priceOrderLines(tx, { ...customer, currency }, adds, products);
  let nextLineNo = (await tx.db.selectFrom('order_lines').select((eb) => eb.fn.max('line_no').as('n')).where('order_id', '=', id).executeTakeFirstOrThrow()).n ?? 0;
  for (const change of input.changes) {
    if (change.action === 'add_line') {
      const product = products.get(change.product_id)!;
      const { unitPrice, source, priceListId } = addPrices[adds.indexOf(change)]!;
      const line: OrderLinesTable = {
        id: newId('orderLine'),
        order_id: id,
        line_no: ++nextLineNo,
        product_id: product.id,
        quantity: change.quantity,
        unit_price_amount: unitPrice,
        total_amount: unitPrice * change.quantity,
        price_source: source,
        price_list_id: priceListId,
        reserved_quantity: 0,
        backordered_quantity: change.quantity,
        promised_date: null,
        status: 'open',
      };
      await tx.db.insertInto('order_lines').values(line).execute();
      await recordPromiseParts(tx, [{ line, parts: await promiseUnits(ctx, product, change.quantity, available) }], reason);
      await settleLine(tx, line, change.quantity);
      touched.push(line.id);
      continue;
    }
    const line = lines.find((l) => l.id === change.line_id)!;
    const quantity = change.action === 'remove_line' ? 0 : change.quantity;
    if (quantity < line.quantity) await releaseLineUnits(tx, line.id, line.quantity - quantity, reason);
    if (quantity > line.quantity) {
      await recordPromiseParts(tx, [{ line, parts: await promiseUnits(ctx, products.get(line.product_id)!, quantity - line.quantity, available) }], reason);
    }
    if (quantity === 0) await tx.db.updateTable('order_lines').set({ status: 'removed', reserved_quantity: 0, backordered_quantity: 0 }).where('id', '=', line.id).execute();
    else await settleLine(tx, line, quantity);
    touched.push(line.id);
  }
  await repromiseLines(tx, touched, reason);
  // Total and standard cost from the open lines (the cost is unknown when a product has none).
  const total = (
    await sql<{ total_amount: number }>`
      update orders set updated_at = ${tx.now},
        total_amount = t.total, cost_amount = t.cost
      from (select sum(l.total_amount) as total,
                   case when bool_and(p.standard_cost_amount is not null) then sum(l.quantity * p.standard_cost_amount) end as cost
            from order_lines l join products p on p.id = l.product_id
            where l.order_id = ${id} and l.status = 'open') t
      where orders.id = ${id}
      returning orders.total_amount`.execute(tx.db)
  ).rows[0]!;
  await appendEvent(tx, {
    type: 'order.edited',
    subject: { type: 'order', id },
    orderId: id,
    customerId: order.customer_id,
    stage: 'entry',
    data: { number: order.number, changes: input.changes, reason: input.reason ?? null, total: { from: order.total_amount, to: total.total_amount } },
  });
  await checkCredit(tx, { ...order, currency }, customer.credit_limit_amount, { confirmWhenWithin: false });
  const [after] = (await ordersByIds(tx.db, [id])) as [OrderView];
  const exposure = await creditExposure(tx, order.customer_id);
  return { order: after, effects: effectsOf(before, after, exposure, customer.credit_limit_amount) };
}

/** Each line changed at most once, lines of this order that are still open, and something left to ship. */
function checkChanges(input: EditOrderInput, lines: OrderLinesTable[]): void {
  const bad: Record<string, string> = {};
  const seen = new Set<string>();
  input.changes.forEach((c, i) => {
    if (c.action === 'add_line') return;
    if (!lines.some((l) => l.id === c.line_id)) bad[`changes.${i}.line_id`] = 'Not an open line of this order.';
    else if (seen.has(c.line_id)) bad[`changes.${i}.line_id`] = 'This line is already changed above.';
    seen.add(c.line_id);
  });
  if (Object.keys(bad).length > 0) throw invalidFields(bad);
  const removed = input.changes.filter((c) => c.action === 'remove_line').length;
  if (removed === lines.length && !input.changes.some((c) => c.action === 'add_line')) {
    throw invalidFields({ changes: 'That would remove every line; cancel the order instead.' });
  }
}

/** A line's new quantity and total, with reserved and backordered taken from its active promise parts. */
async function settleLine(tx: Tx, line: Pick<OrderLinesTable, 'id' | 'unit_price_amount'>, quantity: number): Promise<void> {
  const parts = await tx.db.selectFrom('reservations').select(['source', 'quantity']).where('order_line_id', '=', line.id).where('status', '=', 'active').execute();
  const reserved = parts.filter((p) => p.source === 'stock').reduce((s, p) => s + p.quantity, 0);
  await tx.db
    .updateTable('order_lines')
    .set({ quantity, total_amount: line.unit_price_amount * quantity, reserved_quantity: reserved, backordered_quantity: quantity - reserved })
    .where('id', '=', line.id)
    .execute();
}

function stockHeld(order: OrderView): Map<string, number> {
  const held = new Map<string, number>();
  for (const line of order.lines) {
    for (const part of line.promise.filter((p) => p.source === 'stock')) {
      const key = `${line.product_id}~${part.warehouse_id}`;
      held.set(key, (held.get(key) ?? 0) + part.quantity);
    }
  }
  return held;
}

function effectsOf(before: OrderView, after: OrderView, exposure: number, limit: number | null) {
  const was = stockHeld(before);
  const now = stockHeld(after);
  const stock = [...new Set([...was.keys(), ...now.keys()])]
    .sort()
    .map((key) => {
      const [product_id, warehouse_id] = key.split('~') as [string, string];
      return { product_id, warehouse_id, reserved_change: (now.get(key) ?? 0) - (was.get(key) ?? 0) };
    })
    .filter((s) => s.reserved_change !== 0);
  return {
    total: { from: before.total, to: after.total },
    promised_date: { from: before.promised_date, to: after.promised_date },
    status: { from: before.status, to: after.status },
    stock,
    credit: {
      exposure: { amount: exposure, currency: after.currency },
      limit: limit === null ? null : { amount: limit, currency: after.currency },
      within_limit: limit === null || exposure <= limit,
    },
  };
}
