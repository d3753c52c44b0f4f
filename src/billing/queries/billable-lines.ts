import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';

/** What each shipment line bills: its order line's price, the order's currency, the product's tax category; and whether it was billed. */
export async function billableLines(db: Kysely<DB>, shipmentIds: string[]) {
  const rows = await db
    .selectFrom('shipment_lines as sl')
    .innerJoin('shipments as s', 's.id', 'sl.shipment_id')
    .innerJoin('order_lines as ol', 'ol.id', 'sl.order_line_id')
    .innerJoin('orders as o', 'o.id', 'ol.order_id')
    .innerJoin('products as p', 'p.id', 'sl.product_id')
    .select([
      'sl.id as shipment_line_id',
      'sl.shipment_id',
      'sl.order_line_id',
      'sl.product_id',
      'sl.quantity',
      'ol.unit_price_amount',
      'ol.line_no',
      'o.id as order_id',
      'o.number as order_number',
      'o.external_ref',
      'o.currency',
      'p.sku',
      'p.name',
      'p.tax_category',
      's.number as shipment_number',
      // On an invoice already as itself (a correction bills it again on purpose): the unique index answers.
      (eb) => eb.exists(eb.selectFrom('invoice_lines as il').select('il.id').whereRef('il.shipment_line_id', '=', 'sl.id').where('il.corrects_line_id', 'is', null)).as('billed'),
    ])
    .where('sl.shipment_id', 'in', shipmentIds)
    .orderBy('s.number')
    .orderBy('ol.line_no')
    .execute();
  return rows.map((r) => ({ ...r, currency: r.currency.trim() }));
}
