import { applyTransition } from '../../cycle/commands/apply-transition';
import type { Tx } from '../../db/transaction';
import { customersByIds } from '../queries/get-customer';
import { customerMachine, type CustomerStatus } from '../transitions';

/** Put on hold, reactivate or archive a customer, with the reason on the event. */
export async function changeCustomerStatus(tx: Tx, id: string, to: CustomerStatus, reason: string) {
  await applyTransition(tx, customerMachine, { id, to, customerId: id, data: { reason } });
  return (await customersByIds(tx.db, [id]))[0]!;
}
