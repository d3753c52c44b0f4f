import { expect } from 'vitest';
import type { TestServer } from './harness';

/**
 * Real invoices through the API, the way a company gets there: seller settings, a customer with a billing
 * address, stock, an order, a shipment picked, packed and shipped, and the invoice for it.
 */
export async function configureSeller(omc: TestServer) {
  const res = await omc.call('PATCH', '/v1/billing/settings', {
    body: {
      legal_name: 'Werkhof Maschinenbau GmbH',
      vat_id: 'DE123456789',
      address_line1: 'Industriestraße 7',
      city: 'Bremen',
      postal_code: '28199',
      country: 'DE',
      email: 'billing@werkhof.example',
      phone: '+49 421 555 0100',
      endpoint_id: '4098765432101',
      endpoint_scheme: '0088',
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

export async function customerWithAddress(omc: TestServer, c: { name: string; tier?: string; country?: string; vat_id?: string; email?: string }) {
  const res = await omc.call('POST', '/v1/customers', {
    body: { name: c.name, tier: c.tier ?? 'standard', currency: 'EUR', ...(c.vat_id ? { vat_id: c.vat_id } : {}), ...(c.email ? { email: c.email } : {}) },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const address = await omc.call('POST', `/v1/customers/${res.body.id}/addresses`, {
    body: { kind: 'billing', line1: 'Kaistraße 12', city: c.country === 'FR' ? 'Lyon' : 'Hamburg', postal_code: '20457', country: c.country ?? 'DE', is_default: true },
  });
  expect(address.status, JSON.stringify(address.body)).toBe(201);
  return res.body.id as string;
}

let seq = 0;
export async function stockedProduct(omc: TestServer, warehouseId: string, p: { price: number; tax_category?: string; name?: string }) {
  const res = await omc.call('POST', '/v1/products', {
    body: { sku: `INV-${++seq}`, name: p.name ?? `Bearing housing ${seq}`, kind: 'stocked', list_price: { amount: p.price, currency: 'EUR' }, ...(p.tax_category ? { tax_category: p.tax_category } : {}) },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const adj = await omc.call('POST', '/v1/stock/adjustments', { body: { product_id: res.body.id, warehouse_id: warehouseId, quantity: 1000, reason: 'count' } });
  expect(adj.status).toBe(201);
  return res.body.id as string;
}

/** An order for the lines, shipped (in part when `ship` names fewer units than ordered); returns the shipment id. */
export async function shipOrder(omc: TestServer, customerId: string, warehouseId: string, lines: { product_id: string; quantity: number; ship?: number }[]) {
  const order = await omc.call('POST', '/v1/orders', { body: { customer_id: customerId, lines: lines.map((l) => ({ product_id: l.product_id, quantity: l.quantity })) } });
  expect(order.status, JSON.stringify(order.body)).toBe(201);
  const partial = lines.some((l) => l.ship !== undefined);
  const body = partial
    ? {
        warehouse_id: warehouseId,
        lines: lines
          .map((l, i) => ({ order_line_id: order.body.lines[i].id as string, quantity: l.ship ?? l.quantity }))
          .filter((l) => l.quantity > 0),
      }
    : { warehouse_id: warehouseId };
  const shipment = await omc.call('POST', `/v1/orders/${order.body.id}/shipments`, { body });
  expect(shipment.status, JSON.stringify(shipment.body)).toBe(201);
  const id = shipment.body.id as string;
  for (const step of ['pick', 'pack']) expect((await omc.call('POST', `/v1/shipments/${id}/${step}`, { body: {} })).status).toBe(200);
  const shipped = await omc.call('POST', `/v1/shipments/${id}/ship`, { body: { carrier: 'DHL', tracking_number: `JD${id.slice(-8)}`, packages: 1 } });
  expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
  return id;
}

export async function invoiceShipments(omc: TestServer, shipmentIds: string[], buyerReference?: string) {
  const res = await omc.call('POST', '/v1/invoices', { body: { shipment_ids: shipmentIds, ...(buyerReference ? { buyer_reference: buyerReference } : {}) } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}
