import type { Tx } from '../../db/transaction';
import { presentShipment } from '../schemas';
import type { ShipmentStatus } from '../transitions';
import { advanceShipment, findShipment } from './advance-shipment';

/** The picked goods are packed; handing them to a carrier is next. */
export async function packShipment(tx: Tx, id: string, note?: string) {
  const shipment = await findShipment(tx, id, { lock: true });
  const packed = await advanceShipment(
    tx,
    shipment,
    'packed',
    note ? { note } : {},
    { department: 'warehouse', note: `hand ${shipment.number} to a carrier` },
    { lockedAs: shipment.status as ShipmentStatus },
  );
  return presentShipment(packed, packed.lines);
}
