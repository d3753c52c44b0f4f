import type { Tx } from '../../db/transaction';
import { moveShipments } from './advance-shipment';

/** The picked goods are packed; handing them to a carrier is next. */
export async function packShipment(tx: Tx, id: string, note?: string) {
  return (await packShipments(tx, [id], note))[0]!;
}

/** Many shipments packed at once: the same step for each, in the statements of one. */
export async function packShipments(tx: Tx, ids: string[], note?: string) {
  return moveShipments(tx, ids, 'packed', (s) => ({ data: note ? { note } : {}, next: { department: 'warehouse', note: `hand ${s.number} to a carrier` } }));
}
