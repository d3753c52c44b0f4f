import type { Tx } from '../../db/transaction';
import { presentShipment } from '../schemas';
import type { ShipmentStatus } from '../transitions';
import { advanceShipment, findShipment } from './advance-shipment';

/**
 * Call off a shipment that has not left: its units stay reserved for the order (nothing moved yet) and are
 * free for another shipment; its handoff closes.
 */
export async function cancelShipment(tx: Tx, id: string, reason: string) {
  const shipment = await findShipment(tx, id, { lock: true });
  const cancelled = await advanceShipment(tx, shipment, 'cancelled', { reason }, null, { lockedAs: shipment.status as ShipmentStatus });
  return presentShipment(cancelled, cancelled.lines);
}
